export { devMailboxMailer, smtpMailer, type Mailer, type OutgoingMail } from './mailer.ts';
export { MAIL_QUEUE, mailJobHandler, queueMail } from './queue.ts';

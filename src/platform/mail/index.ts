export { devMailboxMailer, smtpMailer, type Mailer, type MailAttachment, type OutgoingMail } from './mailer.ts';
export { MAIL_QUEUE, mailJobHandler, queueMail, registerMailAttachmentSource, type MailAttachmentSource, type QueuedAttachment, type QueuedMail } from './queue.ts';

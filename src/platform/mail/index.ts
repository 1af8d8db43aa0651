export { devMailboxMailer, smtpMailer, type Mailer, type OutgoingMail } from './mailer.ts';

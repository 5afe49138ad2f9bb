// Email through an SMTP server with nodemailer (Node only: the Worker has no SMTP).
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { EmailTransport } from "../services/notifications/transport.js";

export function smtpTransport(config: { url: string; from: string }): EmailTransport {
  const transporter = nodemailer.createTransport({
    url: config.url,
    // Short timeouts: a server that does not answer fails this try, and the job retries later.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as SMTPTransport.Options);
  return {
    name: "smtp",
    async send(email) {
      const info = await transporter.sendMail({
        from: config.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: { "X-WithUs-Notification": email.reference },
      });
      return { messageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}

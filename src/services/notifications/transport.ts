// What the delivery job needs from an email transport. The Node entry builds an SMTP one
// (entry/smtp-transport.ts); both entries can build the GOV.UK Notify one (notify-transport.ts).
interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Our notification id: Notify keeps it as the reference, SMTP as a header. */
  reference: string;
}

export interface EmailTransport {
  readonly name: "smtp" | "notify";
  /** Resolves with the transport's message id; rejects with an error whose message says what went wrong. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close?(): void;
}

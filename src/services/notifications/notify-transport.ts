// GOV.UK Notify through its official client, with one template whose personalisation carries the
// subject and the body (see README: "Email through GOV.UK Notify"). Works in Node and in the Worker.
import { NotifyClient } from "notifications-node-client";
import type { EmailTransport } from "./transport.js";

export interface NotifyConfig {
  apiKey: string;
  templateId: string;
  baseUrl: string;
}

interface NotifyErrorBody {
  status_code?: number;
  errors?: Array<{ error?: string; message?: string }>;
}

export function notifyTransport(config: NotifyConfig): EmailTransport {
  const client = new NotifyClient(config.baseUrl, config.apiKey);
  return {
    name: "notify",
    async send(email) {
      try {
        const res = await client.sendEmail(config.templateId, email.to, {
          personalisation: { subject: email.subject, body: email.text },
          reference: email.reference,
        });
        const id = (res.data as { id?: string }).id;
        if (!id) throw new Error("Notify answered without a notification id");
        return { messageId: id };
      } catch (e) {
        const res = (e as { response?: { status?: number; data?: NotifyErrorBody } }).response;
        if (res) {
          const detail = (res.data?.errors ?? []).map((x) => `${x.error}: ${x.message}`).join("; ");
          throw new Error(`Notify answered ${res.status}${detail ? `: ${detail}` : ""}`);
        }
        throw e;
      }
    },
  };
}

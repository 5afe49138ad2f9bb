// How a promise is doing, in words anyone can follow: for representatives and the public page.
import type { Verdict } from "../../db/schema/index.js";
import type { ObligationStatus } from "../../model/compliance.js";

export function statusInWords(status: ObligationStatus, verdict: Verdict | null): string {
  switch (status) {
    case "not_due":
    case "open":
      return "not due yet";
    case "overdue":
      return "late";
    case "submitted":
      return "done, waiting to be checked";
    case "changes_requested":
      return "sent back to be put right";
    case "accepted":
      if (verdict === "compliant") return "done, and checked";
      if (verdict === "partially_compliant") return "partly done";
      return "not done";
    case "not_applicable":
      return "does not apply";
  }
}

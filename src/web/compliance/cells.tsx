// A compliance table's cell: an obligation's status (or verdict) as a tag linking to it.
import type { ObligationStatus } from "../../model/compliance.js";
import { Tag } from "../components.js";
import { OBLIGATION_STATUS, VERDICT } from "../status.js";

function cellText(
  status: ObligationStatus,
  verdict: string | null,
): { text: string; colour: Parameters<typeof Tag>[0]["colour"] } {
  if (status === "accepted" && verdict && VERDICT[verdict])
    return { text: VERDICT[verdict][0], colour: VERDICT[verdict][1] };
  const [text, colour] = OBLIGATION_STATUS[status] ?? [status, "grey"];
  return { text, colour };
}

/** A table cell's link to an obligation: its status (the verdict, once accepted) as a tag, named for screen readers. */
export function ObligationLink(p: {
  obligationId: string;
  status: ObligationStatus;
  verdict: string | null;
  name: string;
}) {
  const t = cellText(p.status, p.verdict);
  return (
    <a class="govuk-link" href={`/obligations/${p.obligationId}`}>
      <Tag text={t.text} colour={t.colour} />
      <span class="govuk-visually-hidden">{` ${p.name}`}</span>
    </a>
  );
}

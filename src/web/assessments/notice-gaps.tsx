// The assessment page's warning that the contract performance notice draft (UK9) will have empty fields
// because details are missing: each party's missing details by name, and where they are entered (a link
// for whoever may use that page, else who enters them there).

import { can } from "../../model/access-policy.js";
import type { Actor } from "../../model/identity.js";
import type { NoticeDetailOwner } from "../../model/performance-notice.js";
import type { noticeGaps } from "../../services/assessments/records.js";
import type { ContractView } from "../../services/contracts/queries.js";
import { WarningText } from "../components.js";

type Gaps = Awaited<ReturnType<typeof noticeGaps>>;

const ORDER: NoticeDetailOwner[] = ["authority", "supplier", "contract"];

/** "postal address", "postal address and identifier", "postal address, email address and identifier". */
function inWords(details: string[]) {
  return details.length < 2 ? details.join("") : `${details.slice(0, -1).join(", ")} and ${details.at(-1)}`;
}

/** Where an owner's details are entered: the page when the viewer may use it, else who enters them. */
function where(owner: NoticeDetailOwner, contract: ContractView, actor: Actor) {
  if (owner === "contract")
    return can(actor, "contract.write") ? (
      <a class="govuk-link" href={`/contracts/${contract.id}/procurement`}>
        enter them in the contract's procurement details
      </a>
    ) : (
      "a commissioner enters them in the contract's procurement details"
    );
  const [orgId, name] =
    owner === "authority"
      ? [contract.organisationId, contract.commissionerName]
      : [contract.providerOrganisationId, contract.providerName];
  return can(actor, "organisation.details") && actor.organisationId === orgId ? (
    <a class="govuk-link" href="/admin/organisation">
      enter them in your organisation details
    </a>
  ) : (
    `an administrator of ${name} enters them under Organisation details`
  );
}

export function NoticeGapsWarning(p: { gaps: Gaps; contract: ContractView; actor: Actor }) {
  const { gaps, contract, actor } = p;
  if (!gaps.missing.length) return null;
  const whose = (owner: NoticeDetailOwner) =>
    owner === "authority"
      ? `${contract.commissionerName}'s`
      : owner === "supplier"
        ? `${contract.providerName}'s`
        : "The contract's";
  const groups = ORDER.map((owner) => ({
    owner,
    details: gaps.missing.filter((m) => m.owner === owner).map((m) => m.detail),
  })).filter((g) => g.details.length);
  return (
    <>
      <WarningText>
        {gaps.kept
          ? "This assessment's contract performance notice draft has empty fields: these details were missing when it was confirmed, and its records keep them as they were. Add them to the notice before you publish it."
          : "The contract performance notice draft made when this assessment is confirmed will have empty fields: these details are missing."}
      </WarningText>
      <ul class="govuk-list govuk-list--bullet">
        {groups.map((g) => (
          <li>
            {whose(g.owner)} {inWords(g.details)}: {where(g.owner, contract, actor)}.
          </li>
        ))}
      </ul>
    </>
  );
}

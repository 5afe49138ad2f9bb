// How a service's promises stand, in the words the public page and representatives read (model/performance.ts):
// the answer first (how many are on target, below target, not reported yet), a short key, and each promise
// in one sentence with its standing and figures, its full text and history behind a details element (on the
// public page, each heading's promises behind one: PromiseGroup).
import type { Standing } from "../../model/performance.js";
import { STANDING_KEY, STANDING_WORDS } from "../../model/performance.js";
import { countOf } from "../../model/plural.js";
import type { ServicePromise } from "../../services/involvement/promises.js";
import { Details, Paragraphs, Tag, type TagColour } from "../components.js";
import { formatDay } from "../status.js";

/** Tag colours only; the words are the model's. */
const COLOURS: Record<Standing, TagColour> = {
  on_target: "green",
  below_target: "red",
  not_reported: "grey",
};

type Promise = Pick<ServicePromise, "sentence" | "plainLanguage" | "standing" | "figures" | "latest">;

const when = (p: { periodStart: string; periodEnd: string | null }) =>
  p.periodEnd
    ? `${formatDay(p.periodStart)} to ${formatDay(p.periodEnd)}`
    : `Since ${formatDay(p.periodStart)}`;

/** The answer, one line a standing: "3 promises are on target". */
function answerLines(promises: ReadonlyArray<Pick<ServicePromise, "standing">>): string[] {
  return (["on_target", "below_target", "not_reported"] as const).map((s) => {
    const n = promises.filter((p) => p.standing === s).length;
    return `${countOf(n, "promise")} ${n === 1 ? "is" : "are"} ${STANDING_WORDS[s]}.`;
  });
}

export function StandingAnswer({ promises }: { promises: ReadonlyArray<Pick<ServicePromise, "standing">> }) {
  return (
    <ul class="govuk-list govuk-!-font-size-24 app-standing-answer">
      {answerLines(promises).map((line) => (
        <li>{line}</li>
      ))}
    </ul>
  );
}

export function StandingKey() {
  return (
    <dl class="govuk-body-s app-standing-key">
      {STANDING_KEY.map((k) => (
        <div>
          <dt class="govuk-!-font-weight-bold">{k.words}</dt>
          <dd>{k.meaning}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A figure line: "Meetings held: 12 (target 8 by now), 1 April 2026 to 30 June 2026". */
const figureLine = (f: ServicePromise["figures"][number]) =>
  `${f.label}: ${f.value} (target ${f.target}${f.proRated ? " by now" : ""}), ${when(f)}.`;

/** The promise in one sentence with its standing, and its figures against their targets. */
function PromiseHead({ p }: { p: Promise }) {
  return (
    <>
      <p class="govuk-body govuk-!-margin-bottom-1">
        {p.sentence} <Tag text={STANDING_WORDS[p.standing]} colour={COLOURS[p.standing]} />
      </p>
      {p.figures.map((f) => (
        <p class="govuk-body-s govuk-!-margin-bottom-1">{figureLine(f)}</p>
      ))}
    </>
  );
}

/** The promise in full, and how its latest periods went. */
function PromiseHistory({ p }: { p: Promise }) {
  return (
    <>
      <Paragraphs text={p.plainLanguage} />
      {p.latest.length ? (
        <dl class="app-promise-status">
          {p.latest.map((l) => (
            <div>
              <dt class="govuk-body-s">{when(l)}</dt>
              <dd class="govuk-body govuk-!-font-weight-bold">{l.words}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </>
  );
}

export function PromiseItem({ p }: { p: Promise }) {
  return (
    <li class="app-promise">
      <PromiseHead p={p} />
      <Details summary="More about this promise">
        <PromiseHistory p={p} />
      </Details>
    </li>
  );
}

/** How a heading's promises stand, shortest first said: "2 on target, 3 not reported yet". */
function groupCounts(promises: ReadonlyArray<Pick<ServicePromise, "standing">>): string {
  return (["on_target", "below_target", "not_reported"] as const)
    .flatMap((s) => {
      const n = promises.filter((p) => p.standing === s).length;
      return n ? [`${n} ${STANDING_WORDS[s]}`] : [];
    })
    .join(", ");
}

/**
 * One heading's promises behind a details element whose summary is the heading and how its promises
 * stand, so the public page stays a few screens on a phone: each promise, its figures, its full text and
 * its history are inside (no details within details).
 */
export function PromiseGroup({ heading, promises }: { heading: string; promises: Promise[] }) {
  return (
    <Details summary={`${heading}: ${groupCounts(promises)}`}>
      <ul class="govuk-list app-promise-list">
        {promises.map((p) => (
          <li class="app-promise">
            <PromiseHead p={p} />
            <PromiseHistory p={p} />
          </li>
        ))}
      </ul>
    </Details>
  );
}

// What a clause is: the zod schema shared by the library files, the API and the database.
// Parameters are typed; values for them are checked by a schema derived from the declarations.
import { z } from "zod";
import { checkText } from "../lib/text.js";
import { formatDate, isoDate } from "./dates.js";
import { TEXT_LIMITS } from "./limits.js";
import { METRIC_UNITS } from "./performance.js";
import { PSR_CRITERION_KEYS } from "./procurement.js";

export const CATEGORIES = {
  governance: "Governance and strategy",
  care_planning: "Individual care planning",
  feedback: "Feedback and complaints",
  user_groups: "User groups and forums",
  peer_roles: "Peer roles, workforce and lived experience recovery organisations",
  co_production: "Co-production of design, recruitment, training and commissioning",
  user_led_research: "User-led research and consultation",
  accessibility: "Accessibility and inclusion",
  payment: "Payment and support",
  you_said_we_did: "You said, we did",
  criminal_justice: "Criminal justice",
  families: "Families and carers",
  commissioning: "The commissioner's own commitments",
} as const;
export type Category = keyof typeof CATEGORIES;
export const CATEGORY_KEYS = Object.keys(CATEGORIES) as [Category, ...Category[]];

/**
 * Who a clause binds. Clauses of the "commissioning" category are the commissioning organisation's own
 * commitments: the document says they bind the commissioner, and the commissioner records their evidence.
 */
export type Party = "provider" | "commissioner";
/** The category of the commissioner's own commitments: clauses that bind the commissioning organisation. */
export const COMMISSIONER_CATEGORY = "commissioning";
export const partyOf = (c: { category: string }): Party =>
  c.category === COMMISSIONER_CATEGORY ? "commissioner" : "provider";

/** IAP2 levels, lowest first. */
export const LEVELS = ["inform", "consult", "involve", "collaborate", "empower"] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, string> = {
  inform: "Inform",
  consult: "Consult",
  involve: "Involve",
  collaborate: "Collaborate",
  empower: "Empower",
};

/** "involve" -> "Involve": the level as pages and documents name it. */
export function levelLabel(level: string): string {
  return LEVEL_LABELS[level as Level] ?? level;
}

export const FREQUENCIES = {
  mobilisation: "At mobilisation",
  mobilisation_and_annually: "At mobilisation, then annually",
  per_event: "Each time it happens",
  monthly: "Monthly",
  quarterly: "Quarterly",
  six_monthly: "Every six months",
  annually: "Annually",
  once_per_term: "Once in the contract term",
} as const;
export type Frequency = keyof typeof FREQUENCIES;
export const FREQUENCY_KEYS = Object.keys(FREQUENCIES) as [Frequency, ...Frequency[]];

/** The challenges listed in seed 004 (Scottish Government 2007, s.4) that clauses answer. */
export const CHALLENGES = {
  U1: "Service users understand involvement differently and are unsure how to take part",
  U2: "Service users rate their keyworker rather than the service",
  U3: "Cynicism after tokenistic involvement",
  U4: "Fear of reprisal while depending on the service",
  U5: "Too little confidence for groups; people need their own pace and manner",
  U6: "Faith lost when people are not told what changed",
  U7: "Literacy shuts people out",
  U8: "Staff cynicism affects participation",
  P1: "Staff confused by differing definitions",
  P2: "A culture without involvement is hard to change",
  P3: "Staff feel criticised",
  P4: "Involvement costs money",
  P5: "Services may need to try several models before one fits",
  P6: "Services run several models at once",
  P7: "Needs and abilities vary, so several methods are needed together",
  P8: "Agreeing with service users how to work together is hard",
  C1: "Commissioners must specify the activity and how it is evidenced",
} as const;
export type Challenge = keyof typeof CHALLENGES;
export const CHALLENGE_KEYS = Object.keys(CHALLENGES) as [Challenge, ...Challenge[]];

/**
 * How a clause's evidence is verified. Every clause is checked by a reviewer; `user_led` marks the
 * clauses whose verification includes people who use the service (they can check the evidence).
 */
const VERIFICATIONS = {
  reviewer: "A reviewer checks the evidence handed in against the threshold",
  premises_audit: "Identifiable records are checked on the provider's premises and reported as results",
  observation: "The commissioner or reviewer attends or observes the activity",
  user_led: "People who use the service check the evidence",
} as const;
export type Verification = keyof typeof VERIFICATIONS;
export const VERIFICATION_KEYS = Object.keys(VERIFICATIONS) as [Verification, ...Verification[]];
/** What a clause version stored before verification was recorded is read as. */
export const DEFAULT_VERIFICATION: Verification[] = ["reviewer"];

const PARAMETER_TYPES = ["integer", "percentage", "choice", "text", "frequency", "date"] as const;

const paramName = z.string().regex(/^[a-z][a-z0-9_]*$/, "use lower_snake_case");

/**
 * A default that follows the service's size: caseload x perCaseload + sites x perSite, rounded, then held
 * between min and max (and the parameter's own bounds). Used when the specification records its caseload.
 */
const scaleSchema = z
  .object({
    /** Added for each person on the active caseload, e.g. 0.1 for "10% of the caseload". */
    perCaseload: z.number().min(0).max(10).default(0),
    /** Added for each site. */
    perSite: z.number().min(0).max(1000).default(0),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
  })
  .strict()
  .refine((s) => s.perCaseload > 0 || s.perSite > 0, "give perCaseload or perSite");
export type Scale = z.infer<typeof scaleSchema>;

/** The service size a specification records. */
export interface ServiceSize {
  caseload: number | null;
  sites: number | null;
}

export const parameterSchema = z
  .object({
    name: paramName,
    type: z.enum(PARAMETER_TYPES),
    label: z.string().min(1).superRefine(checkText("short")),
    default: z.union([z.number(), z.string()]).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    options: z
      .array(z.string().min(1).superRefine(checkText("short")))
      .min(2)
      .optional(),
    unit: z.string().superRefine(checkText("short")).optional(),
    hint: z.string().superRefine(checkText("long")).optional(),
    scale: scaleSchema.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.scale && p.type !== "integer") {
      ctx.addIssue({ code: "custom", path: ["scale"], message: "only a whole-number parameter can scale" });
    }
    if (p.scale && p.default === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["default"],
        message: "a scaled parameter needs a default for when the service's size is not known",
      });
    }
    if (p.type === "choice" && !p.options) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "a choice parameter needs options" });
    }
    if (p.default !== undefined) {
      const r = parameterValueSchema(p).safeParse(p.default);
      if (!r.success) {
        ctx.addIssue({ code: "custom", path: ["default"], message: r.error.issues[0]?.message ?? "invalid" });
      }
    }
  });
export type ParameterDef = z.infer<typeof parameterSchema>;

const metricSchema = z
  .object({
    name: paramName,
    label: z.string().min(1).superRefine(checkText("short")),
    unit: z.enum(METRIC_UNITS),
    comparator: z.enum(["at_least", "at_most"]).default("at_least"),
    /** A number, or "{{parameter}}" to take the target from a parameter. */
    target: z.union([z.number(), z.string().regex(/^\{\{[a-z][a-z0-9_]*\}\}$/)]).optional(),
  })
  .strict();
export type MetricDef = z.infer<typeof metricSchema>;

export const thresholdSchema = z
  .object({
    description: z.string().min(1).superRefine(checkText("long")),
    metrics: z.array(metricSchema).default([]),
  })
  .strict();

export const sourceSchema = z
  .object({
    citation: z.string().min(1).superRefine(checkText("long")),
    note: z.string().superRefine(checkText("long")).optional(),
    // Printed as a link in documents and pages: only web addresses, never javascript:, data: or file:.
    url: z
      .url({ protocol: /^https?$/, error: "Enter a web address starting https:// or http://" })
      .optional(),
    /** How the source was checked, or what is still to check: kept in the library file, never printed. */
    libraryNote: z.string().superRefine(checkText("long")).optional(),
  })
  .strict();

export const evidenceSchema = z
  .object({
    /** What the provider hands in. */
    documents: z.string().min(1).superRefine(checkText("long")),
    /** What the reviewer looks for in it. */
    reviewerChecks: z.string().min(1).superRefine(checkText("long")),
  })
  .strict();

const clauseKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,7}-[0-9]{2,3}$/, "a key looks like FBK-02: capitals, a hyphen and a number");

const clauseContentObject = z
  .object({
    title: z
      .string()
      .min(TEXT_LIMITS.clauseTitle.min)
      .max(TEXT_LIMITS.clauseTitle.max)
      .superRefine(checkText("short")),
    category: z.enum(CATEGORY_KEYS),
    level: z.enum(LEVELS),
    requirement: z.string().min(10).superRefine(checkText("long")),
    evidence: evidenceSchema,
    frequency: z.enum(FREQUENCY_KEYS),
    threshold: thresholdSchema.nullable().default(null),
    plainLanguage: z.string().superRefine(checkText("long")).default(""),
    guidance: z.string().superRefine(checkText("long")).default(""),
    sources: z.array(sourceSchema).default([]),
    challenges: z.array(z.enum(CHALLENGE_KEYS)).default([]),
    /**
     * Which of the Provider Selection Regime's five key criteria the clause's evidence speaks to, for the
     * performance record a direct award decision needs; at most four (a clause evidencing everything
     * evidences nothing in particular). Absent on clauses that speak to none.
     */
    psrCriteria: z
      .array(z.enum(PSR_CRITERION_KEYS))
      .min(1)
      .max(PSR_CRITERION_KEYS.length - 1, "a clause cannot evidence all five key criteria")
      .refine((v) => new Set(v).size === v.length, "each criterion is listed once")
      .optional(),
    verification: z
      .array(z.enum(VERIFICATION_KEYS))
      .min(1)
      .refine((v) => new Set(v).size === v.length, "each way of verifying is listed once")
      .default(DEFAULT_VERIFICATION),
    parameters: z.array(parameterSchema).default([]),
  })
  .strict();

/** The content of one clause version (everything but its key, version and status). */
export const clauseContentSchema = clauseContentObject.superRefine((c, ctx) => checkPlaceholders(c, ctx));
export type ClauseContent = z.infer<typeof clauseContentSchema>;

/** A new clause: its key and its first version's content. */
export const newClauseSchema = clauseContentObject
  .extend({ key: clauseKey })
  .superRefine((c, ctx) => checkPlaceholders(c, ctx));
export { clauseKey };

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

/** Every text a parameter may appear in. */
function parameterisedTexts(
  c: Pick<ClauseContent, "requirement" | "evidence" | "threshold" | "plainLanguage">,
) {
  return [
    ["requirement", c.requirement],
    ["plainLanguage", c.plainLanguage],
    ["evidence.documents", c.evidence.documents],
    ["evidence.reviewerChecks", c.evidence.reviewerChecks],
    ["threshold.description", c.threshold?.description ?? ""],
    ...(c.threshold?.metrics ?? []).map((m, i) => [`threshold.metrics.${i}.target`, String(m.target ?? "")]),
  ] as const;
}

function checkPlaceholders(c: z.infer<typeof clauseContentObject>, ctx: z.RefinementCtx) {
  const declared = new Set(c.parameters.map((p) => p.name));
  const seen = new Set<string>();
  c.parameters.forEach((p, i) => {
    if (seen.has(p.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["parameters", i, "name"],
        message: `"${p.name}" is declared twice`,
      });
    }
    seen.add(p.name);
  });
  for (const [path, text] of parameterisedTexts(c)) {
    for (const m of text.matchAll(PLACEHOLDER)) {
      if (!declared.has(m[1]!)) {
        ctx.addIssue({
          code: "custom",
          path: path.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
          message: `{{${m[1]}}} is used but no parameter of that name is declared`,
        });
      }
    }
  }
}

/** "is required" when the value is missing (a parameter with no default), else the given message. */
const orRequired = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : message;

/** The schema one parameter's value must meet. */
function parameterValueSchema(p: Omit<ParameterDef, "default"> & { default?: unknown }): z.ZodType {
  switch (p.type) {
    case "integer":
    case "percentage": {
      let s = z.number({ error: orRequired("must be a number") }).int("must be a whole number");
      const min = p.min ?? (p.type === "percentage" ? 0 : undefined);
      const max = p.max ?? (p.type === "percentage" ? 100 : undefined);
      if (min !== undefined) s = s.min(min, `must be at least ${min}`);
      if (max !== undefined) s = s.max(max, `must be at most ${max}`);
      return s;
    }
    case "choice":
      return z.enum((p.options ?? []) as [string, ...string[]], {
        error: orRequired(`must be one of: ${(p.options ?? []).join(", ")}`),
      });
    case "frequency":
      return z.enum(FREQUENCY_KEYS, { error: orRequired(`must be one of: ${FREQUENCY_KEYS.join(", ")}`) });
    case "date":
      return z.string({ error: orRequired("must be a date as YYYY-MM-DD") }).pipe(isoDate);
    case "text":
      return z
        .string({ error: orRequired("must be text") })
        .trim()
        .min(1, "must not be empty")
        .max(500)
        .superRefine(checkText("short"));
  }
}

/**
 * A parameter's default for a service of this size: the scaled value when the parameter scales and the
 * size it scales by is known, else the declared default.
 */
export function defaultFor(p: ParameterDef, size?: ServiceSize | null): ParameterDef["default"] {
  const s = p.scale;
  if (!s || !size) return p.default;
  if ((s.perCaseload > 0 && size.caseload == null) || (s.perSite > 0 && size.sites == null)) return p.default;
  let v = Math.round((size.caseload ?? 0) * s.perCaseload + (size.sites ?? 0) * s.perSite);
  const lo = Math.max(s.min ?? -Infinity, p.min ?? -Infinity);
  const hi = Math.min(s.max ?? Infinity, p.max ?? Infinity);
  v = Math.min(Math.max(v, lo), hi);
  return v;
}

/** "based on a caseload of 1,200 and 3 sites": what a scaled default was computed from, or null. */
export function scaleBasis(p: ParameterDef, size?: ServiceSize | null): string | null {
  const s = p.scale;
  if (!s || !size || !isScaled(s, size)) return null;
  const parts: string[] = [];
  if (s.perCaseload > 0) parts.push(`a caseload of ${thousands(size.caseload!)}`);
  if (s.perSite > 0) parts.push(`${size.sites} site${size.sites === 1 ? "" : "s"}`);
  return `based on ${parts.join(" and ")}`;
}

/** 1200 -> "1,200", without depending on the runtime's locale data. */
export const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Whether a value is the default computed from this size (so it follows the size when the size changes). */
export function followsSize(p: ParameterDef, value: unknown, size?: ServiceSize | null): boolean {
  return Boolean(p.scale && size && isScaled(p.scale, size) && value === defaultFor(p, size));
}

function isScaled(s: Scale, size: ServiceSize) {
  return !((s.perCaseload > 0 && size.caseload == null) || (s.perSite > 0 && size.sites == null));
}

/** How a scaled default is worked out, in words: "10% of the caseload, at least 30". */
export function describeScale(s: Scale): string {
  const parts: string[] = [];
  if (s.perCaseload > 0) {
    const pct = s.perCaseload * 100;
    parts.push(
      pct >= 1
        ? `${Number(pct.toFixed(2))}% of the active caseload`
        : `1 for every ${Math.round(1 / s.perCaseload)} people on the caseload`,
    );
  }
  if (s.perSite > 0) parts.push(`${s.perSite} for each site`);
  let text = parts.join(" plus ");
  if (s.min !== undefined) text += `, at least ${s.min}`;
  if (s.max !== undefined) text += `, at most ${s.max}`;
  return text;
}

/**
 * The schema for a clause's parameter values: each declared parameter, defaulted from the clause
 * (scaled to the service's size where the parameter scales and the size is known), and nothing else.
 * Numbers sent as strings (as forms send them) are accepted.
 */
export function parameterValuesSchema(params: ParameterDef[], size?: ServiceSize | null) {
  const shape: Record<string, z.ZodType> = {};
  for (const p of params) {
    let s: z.ZodType = parameterValueSchema(p);
    if (p.type === "integer" || p.type === "percentage") {
      s = z.preprocess(
        (v) => (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v),
        s,
      );
    }
    const d = defaultFor(p, size);
    shape[p.name] = d !== undefined ? s.default(d as never) : s;
  }
  return z.object(shape).strict();
}

/** Fill {{placeholders}} with display values. */
export function renderText(text: string, params: ParameterDef[], values: Record<string, unknown>): string {
  const byName = new Map(params.map((p) => [p.name, p]));
  return text.replace(PLACEHOLDER, (_, name: string) => formatValue(byName.get(name), values[name]));
}

export function formatValue(p: ParameterDef | undefined, v: unknown): string {
  if (v === undefined || v === null || v === "") return "[not set]";
  if (!p) return String(v);
  switch (p.type) {
    case "percentage":
      return `${v}%`;
    case "integer":
      return p.unit ? `${v} ${p.unit}` : String(v);
    case "frequency":
      return (FREQUENCIES[v as Frequency] ?? String(v)).toLowerCase();
    case "date":
      return formatDate(String(v));
    default:
      return String(v);
  }
}

/** A clause version with its parameters filled in: what documents and obligations are built from. */
export interface RenderedClause {
  key: string;
  version: number;
  title: string;
  category: Category;
  level: Level;
  frequency: Frequency;
  requirement: string;
  evidence: { documents: string; reviewerChecks: string };
  threshold: { description: string; metrics: Array<MetricDef & { target?: number | string }> } | null;
  plainLanguage: string;
  guidance: string;
  sources: Array<{ citation: string; note?: string; url?: string }>;
  challenges: Challenge[];
  verification: Verification[];
  /** basis: "based on a caseload of 1,200" when the value is the default computed from the service's size. */
  parameters: Array<{ name: string; label: string; value: unknown; display: string; basis?: string }>;
}

export function renderClause(
  key: string,
  version: number,
  c: ClauseContent,
  values: Record<string, unknown>,
  size?: ServiceSize | null,
): RenderedClause {
  const r = (t: string) => renderText(t, c.parameters, values);
  return {
    key,
    version,
    title: c.title,
    category: c.category,
    level: c.level,
    frequency: c.frequency,
    requirement: r(c.requirement),
    evidence: { documents: r(c.evidence.documents), reviewerChecks: r(c.evidence.reviewerChecks) },
    threshold: c.threshold
      ? {
          description: r(c.threshold.description),
          metrics: c.threshold.metrics.map((m) => {
            const ref = typeof m.target === "string" ? /\{\{([a-z0-9_]+)\}\}/.exec(m.target)?.[1] : undefined;
            const target = ref ? values[ref] : m.target;
            return { ...m, target: target as number | string | undefined };
          }),
        }
      : null,
    plainLanguage: r(c.plainLanguage),
    guidance: c.guidance,
    // A source's library note is for the people who keep the library; documents never print it.
    sources: c.sources.map(({ libraryNote: _, ...s }) => s),
    challenges: c.challenges,
    verification: c.verification ?? DEFAULT_VERIFICATION,
    parameters: c.parameters.map((p) => {
      const basis = followsSize(p, values[p.name], size) ? scaleBasis(p, size) : null;
      return {
        name: p.name,
        label: p.label,
        value: values[p.name],
        display: formatValue(p, values[p.name]),
        ...(basis ? { basis } : {}),
      };
    }),
  };
}

// The operator renames an organisation. A name that looks like another organisation's is refused at the
// field, naming that organisation, as PATCH /api/organisations/:id refuses it.
import type { Context } from "hono";
import { Hono } from "hono";
import { authorize, serviceCtx } from "../../middleware/access.js";
import type { AppEnv } from "../../middleware/context.js";
import {
  getOrganisation,
  NameTaken,
  renameOrganisation,
} from "../../services/organisations/organisations.js";
import { BackLink, errorList, type FieldErrors, FormPage, TextInput, withGeneral } from "../components.js";
import { redirectWith } from "../flash.js";
import { pathId, readForm } from "../forms.js";
import { page } from "../layout.js";
import { orgErrors, takenText } from "./admin-forms.js";

function renamePage(
  c: Context<AppEnv>,
  org: { id: string; name: string },
  value: string,
  errors: FieldErrors,
) {
  return page(
    c,
    {
      title: "Change the name",
      nav: "organisations",
      errors: errorList(errors),
      status: Object.keys(errors).length ? 422 : 200,
      before: <BackLink href={`/admin/organisations/${org.id}`} />,
    },
    <FormPage
      caption={org.name}
      title="Change the name"
      action={`/admin/organisations/${org.id}/name`}
      csrf={c.get("actor")?.csrfToken}
      submit="Save the name"
    >
      <TextInput
        name="name"
        label="Name of the organisation"
        hint="Everyone who works with this organisation sees the new name at once."
        value={value}
        error={errors.name}
        labelSize="s"
      />
    </FormPage>,
  );
}

export const organisationNamePages = new Hono<AppEnv>()
  .get("/admin/organisations/:id/name", authorize("organisation.manage"), async (c) => {
    const org = await getOrganisation({ ctx: serviceCtx(c), input: { id: pathId(c, "organisation") } });
    return renamePage(c, org, org.name, {});
  })
  .post("/admin/organisations/:id/name", authorize("organisation.manage"), async (c) => {
    const ctx = serviceCtx(c);
    const org = await getOrganisation({ ctx, input: { id: pathId(c, "organisation") } });
    const form = await readForm(c);
    const name = form.str("name");
    try {
      await renameOrganisation({ ctx, input: { id: org.id, name } });
    } catch (e) {
      if (e instanceof NameTaken) return renamePage(c, org, name, { name: takenText(e.existing.name) });
      const mapped = orgErrors(e, name);
      if (!mapped) throw e;
      return renamePage(c, org, name, withGeneral(mapped.fields, mapped.general));
    }
    return redirectWith(c, `/admin/organisations/${org.id}`, {
      kind: "success",
      heading: `${org.name} is now called ${name}`,
    });
  });

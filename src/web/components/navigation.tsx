// GOV.UK navigation components: back links and breadcrumbs.
export function BackLink({ href, text }: { href: string; text?: string }) {
  return (
    <a href={href} class="govuk-back-link">
      {text ?? "Back"}
    </a>
  );
}

export function Breadcrumbs({ items }: { items: Array<{ href?: string; text: string }> }) {
  return (
    <nav class="govuk-breadcrumbs" aria-label="Breadcrumb">
      <ol class="govuk-breadcrumbs__list">
        {items.map((i) => (
          <li class="govuk-breadcrumbs__list-item">
            {i.href ? (
              <a class="govuk-breadcrumbs__link" href={i.href}>
                {i.text}
              </a>
            ) : (
              i.text
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

import type { Locale } from '../i18n/index.ts';
import { tx } from './components.tsx';
import type { ServiceLink } from './page-context.ts';

/** The services of a home page, one card each. */
export function ServiceCards(props: { links: ServiceLink[]; locale: Locale }) {
  if (!props.links.length) return null;
  return (
    <ul class="card-list">
      {props.links.map((s) => (
        <li class="card">
          <h3>
            <a href={s.href}>{tx(s.title, props.locale)}</a>
          </h3>
          <p>{tx(s.description, props.locale)}</p>
        </li>
      ))}
    </ul>
  );
}

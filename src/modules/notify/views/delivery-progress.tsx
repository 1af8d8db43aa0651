/**
 * DeliveryProgress: per broadcast, a progress bar and the counts per channel. Without JavaScript
 * the 「更新」 link reloads the page; with it, client/progress.ts refetches refreshHref every few
 * seconds while any broadcast is still running and swaps in the new component.
 */
import type { Locale } from '../../../platform/i18n/index.ts';
import { tx } from '../../../platform/ui/index.ts';
import { CHANNELS, channelLabel, type BroadcastProgress } from '../model.ts';
import { progressText as m } from '../notify.messages.ts';

/** Built from client/progress.ts into .build/js/notify/progress.js. */
export const PROGRESS_SCRIPT = 'notify/progress';

export function DeliveryProgress(props: { progress: BroadcastProgress[]; refreshHref: string; locale?: Locale }) {
  const l = props.locale ?? 'ja';
  const running = props.progress.some((p) => !p.done);
  return (
    <section class="delivery-progress" id="delivery-progress" aria-labelledby="delivery-progress-title" data-refresh={props.refreshHref} data-running={running ? 'true' : 'false'}>
      <h2 id="delivery-progress-title">{tx(m.title, l)}</h2>
      {props.progress.length === 0 ? <p>{tx(m.none, l)}</p> : null}
      {props.progress.map((p, i) => {
        const finished = CHANNELS.reduce((n, c) => n + p.byChannel[c].sent + p.byChannel[c].failed + p.byChannel[c].deadLetter + p.byChannel[c].suppressed, 0);
        const channels = CHANNELS.filter((c) => Object.values(p.byChannel[c]).some((n) => n > 0));
        return (
          <div class="delivery-progress-item">
            <p>
              <label for={`delivery-bar-${i}`}>
                {p.done ? tx(m.done, l) : tx(m.running, l)}: {finished} / {p.total}
              </label>
            </p>
            <progress id={`delivery-bar-${i}`} max={Math.max(p.total, 1)} value={finished}>
              {finished} / {p.total}
            </progress>
            {channels.length ? (
              <table class="table">
                <caption class="sr-only">{tx(m.tableCaption, l)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tx(m.channel, l)}</th>
                    <th scope="col">{tx(m.queued, l)}</th>
                    <th scope="col">{tx(m.sent, l)}</th>
                    <th scope="col">{tx(m.retrying, l)}</th>
                    <th scope="col">{tx(m.failed, l)}</th>
                    <th scope="col">{tx(m.deadLetter, l)}</th>
                    <th scope="col">{tx(m.suppressed, l)}</th>
                    <th scope="col">{tx(m.retried, l)}</th>
                  </tr>
                </thead>
                <tbody>
                  {channels.map((c) => {
                    const n = p.byChannel[c];
                    return (
                      <tr>
                        <th scope="row">{tx(channelLabel[c], l)}</th>
                        <td>{n.queued}</td>
                        <td>{n.sent}</td>
                        <td>{n.retrying}</td>
                        <td>{n.failed}</td>
                        <td>{n.deadLetter}</td>
                        <td>{n.suppressed}</td>
                        <td>{n.retried}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ) : null}
          </div>
        );
      })}
      <p>
        <a href={props.refreshHref} class="delivery-progress-refresh">{tx(m.refresh, l)}</a>
      </p>
    </section>
  );
}

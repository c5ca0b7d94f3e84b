import type { DemoCatalog, DemoItem } from './catalog.ts';
import { hourMinute, isoDate } from './format.ts';
import { markup, raw, type SafeHtml } from './html.ts';
import { PERMISSIVE_ROBOTS, htmlReply, textReply, type Handler } from './http.ts';

/** Messages per preview page, as on t.me/s/NAME. */
export const MESSAGES_PER_PAGE = 20;

/** The demo channel's public name (`/s/NAME`). */
export const CHANNEL = 'bxl_annonces';
const CHANNEL_TITLE = 'Bruxelles Annonces 🇧🇪';

/** Telegram's view counter: 987, 1.2K, 12.3K, 1.5M. */
export function formatViews(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(Math.floor(n / 100) / 10).toString()}K`;
  return `${(Math.floor(n / 100_000) / 10).toString()}M`;
}

function views(item: DemoItem): number {
  return 140 + (item.seed % 9400);
}

/** Text with line breaks as Telegram renders them: escaped lines joined by `<br/>`. */
function messageText(text: string): SafeHtml {
  const lines = text.split('\n');
  return markup`${lines.map((line, i) => (i === 0 ? markup`${line}` : markup`${raw('<br/>')}${line}`))}`;
}

function message(item: DemoItem, base: string): SafeHtml {
  const post = `${CHANNEL}/${item.siteId}`;
  return markup`<div class="tgme_widget_message_wrap js-widget_message_wrap">
    <div
      class="tgme_widget_message text_not_supported_wrap js-widget_message"
      data-post="${post}"
      data-view="${item.seed.toString(36)}"
    >
      <div class="tgme_widget_message_user">
        <a href="${base}/${CHANNEL}"
          ><i class="tgme_widget_message_user_photo bgcolor2" data-content="B"></i
        ></a>
      </div>
      <div class="tgme_widget_message_bubble">
        <div class="tgme_widget_message_author accent_color">
          <a class="tgme_widget_message_owner_name" href="${base}/${CHANNEL}"
            ><span dir="auto">${CHANNEL_TITLE}</span></a
          >
        </div>
        <div class="tgme_widget_message_text js-message_text" dir="auto">${messageText(item.text)}</div>
        <div class="tgme_widget_message_footer compact js-message_footer">
          <div class="tgme_widget_message_info short js-message_info">
            <span class="tgme_widget_message_views">${formatViews(views(item))}</span
            ><span class="copyonly"> views</span
            ><span class="tgme_widget_message_meta"
              ><a class="tgme_widget_message_date" href="${base}/${post}"
                ><time datetime="${isoDate(item.postedAt)}" class="time"
                  >${hourMinute(item.postedAt)}</time
                ></a
              ></span
            >
          </div>
        </div>
      </div>
    </div>
  </div>`;
}

function shell(title: string, body: SafeHtml, description: string): string {
  return markup`<!DOCTYPE html>
    <html>
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
        <meta
          name="viewport"
          content="width=device-width, initial-scale=1.0, minimum-scale=1.0, maximum-scale=1.0, user-scalable=no"
        />
        <meta property="og:title" content="${CHANNEL_TITLE}" />
        <meta property="og:description" content="${description}" />
        <meta property="og:site_name" content="Telegram" />
      </head>
      <body class="widget_frame_base tgme_webpreview_body">
        ${body}
      </body>
    </html> `.value;
}

function channelPage(items: DemoItem[], shown: DemoItem[], base: string): string {
  const first = shown[0];
  const more =
    first && items[0] && items[0].siteId < first.siteId
      ? markup`<div class="tgme_widget_message_centered js-messages_more_wrap">
          <a
            href="/s/${CHANNEL}?before=${first.siteId}"
            class="tme_messages_more js-messages_more"
            data-before="${first.siteId}"
          ></a>
        </div>`
      : '';
  const body = markup`<header class="tgme_header search_collapsed">
      <div class="tgme_header_title"><span dir="auto">${CHANNEL_TITLE}</span></div>
    </header>
    <main class="tgme_main">
      <div class="tgme_container">
        <div class="tgme_channel_info">
          <div class="tgme_channel_info_header">
            <div class="tgme_channel_info_header_title"><span dir="auto">${CHANNEL_TITLE}</span></div>
            <div class="tgme_channel_info_header_username"><a href="${base}/${CHANNEL}">@${CHANNEL}</a></div>
          </div>
          <div class="tgme_channel_info_description">Petites annonces entre particuliers à Bruxelles.</div>
          <div class="tgme_channel_info_counters">
            <div class="tgme_channel_info_counter">
              <span class="counter_value">2.4K</span> <span class="counter_type">subscribers</span>
            </div>
          </div>
        </div>
        <section class="tgme_channel_history js-message_history">
          ${more} ${shown.map((item) => message(item, base))}
        </section>
      </div>
    </main>`;
  return shell(`${CHANNEL_TITLE} – Telegram`, body, 'Petites annonces entre particuliers à Bruxelles.');
}

/** The Telegram preview: `/s/NAME` (latest 20, newest last), `/s/NAME?before=ID`, and `/NAME/ID` per message. */
export function createTelegramSite(catalog: DemoCatalog, baseUrl: () => string): Handler {
  return (_req, url) => {
    const path = url.pathname;
    if (path === '/robots.txt') return textReply(PERMISSIVE_ROBOTS);
    if (path === '/' || path === `/${CHANNEL}`)
      return { status: 302, body: '', headers: { location: `/s/${CHANNEL}` } };
    const items = catalog.visible('telegram');
    if (path === `/s/${CHANNEL}`) {
      const before = url.searchParams.get('before');
      if (before !== null && !/^\d{1,9}$/.test(before)) return textReply('before must be a message id', 400);
      const older = before === null ? items : items.filter((i) => i.siteId < Number(before));
      return htmlReply(channelPage(items, older.slice(-MESSAGES_PER_PAGE), baseUrl()));
    }
    const m = new RegExp(`^/${CHANNEL}/(\\d{1,9})$`).exec(path);
    const item = m ? catalog.find('telegram', Number(m[1])) : undefined;
    if (item) {
      const body = markup`<main class="tgme_main">
        <section class="tgme_channel_history">${message(item, baseUrl())}</section>
      </main>`;
      return htmlReply(shell(`${CHANNEL_TITLE} – Telegram`, body, item.text));
    }
    return htmlReply(
      shell('Telegram', markup`<div class="tgme_page_description">Post not found</div>`, ''),
      404,
    );
  };
}

import { load } from 'cheerio/slim';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { FetchedPage } from '../fetcher.ts';
import { normalizeUrl } from '../url.ts';
import { cap, isoDate, textOf } from './dom.ts';
import { LIMITS, type CrawlTask, type KindHandler, type ListingDraft, type PageExtraction } from './kind.ts';

/** The message's own text, not the quoted text of the message it replies to. */
function messageText($: CheerioAPI, message: Cheerio<Element>): string {
  const own = message
    .find('.tgme_widget_message_text')
    .filter((_, el) => $(el).closest('.tgme_widget_message_reply').length === 0)
    .first();
  return textOf(own);
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? '';
}

function olderPage($: CheerioAPI, page: FetchedPage): string | null {
  const more = $('a.tme_messages_more[data-before]').first();
  if (more.length === 0) return null;
  const href = more.attr('href');
  if (href) return normalizeUrl(href, page.finalUrl);
  const url = new URL(page.finalUrl);
  url.searchParams.set('before', more.attr('data-before') ?? '');
  return url.href;
}

function readMessage($: CheerioAPI, message: Cheerio<Element>, page: FetchedPage): ListingDraft | string {
  const post = cap(message.attr('data-post')!, LIMITS.field);
  const text = cap(messageText($, message), LIMITS.text);
  const dateLink = message.find('a.tgme_widget_message_date').first();
  const url = normalizeUrl(dateLink.attr('href') ?? '', page.finalUrl) ?? `https://t.me/${post}`;
  if (!text) return post;
  const fields: Record<string, string> = { channel: post.split('/')[0]! };
  const views = message.find('.tgme_widget_message_views').first().text().trim();
  if (views) fields.views = cap(views, 40);
  const author = textOf(message.find('.tgme_widget_message_owner_name').first());
  if (author) fields.author = cap(author, LIMITS.field);
  const signature = textOf(message.find('.tgme_widget_message_from_author').first());
  if (signature) fields.signature = cap(signature, LIMITS.field);
  const forwarded = textOf(message.find('.tgme_widget_message_forwarded_from_name').first());
  if (forwarded) fields.forwardedFrom = cap(forwarded, LIMITS.field);
  if (message.find('.tgme_widget_message_photo_wrap, .tgme_widget_message_video_player').length > 0)
    fields.media = 'yes';
  return {
    externalId: post,
    url,
    title: cap(firstLine(text), 120),
    text,
    fields,
    postedAt: isoDate(dateLink.find('time[datetime]').attr('datetime')),
  };
}

/** Public Telegram channel previews (`t.me/s/NAME`): one listing per message, older pages through `?before=`. */
export function createTelegramKind(): KindHandler {
  function extract(page: FetchedPage): PageExtraction {
    const $ = load(page.text);
    const result: PageExtraction = { listings: [], links: [], seenIds: [] };
    const messages = $('.tgme_widget_message[data-post]').slice(0, LIMITS.items);
    if (messages.length === 0 && $('.tgme_channel_info, .tgme_channel_history, .tgme_page').length === 0) {
      result.problem = 'not a Telegram channel preview (no .tgme_widget_message and no channel header)';
      return result;
    }
    messages.each((_, el) => {
      const read = readMessage($, $(el), page);
      if (typeof read === 'string') result.seenIds.push(read);
      else result.listings.push(read);
    });
    const older = olderPage($, page);
    if (older) result.links.push({ url: older, role: 'list' });
    return result;
  }

  return {
    startRole: 'list',
    idFromUrl: () => null,
    conditional: () => false,
    extract: (page: FetchedPage, _task: CrawlTask) => extract(page),
    selectors: () => [],
  };
}

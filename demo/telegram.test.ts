import type { CheerioAPI } from 'cheerio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoSites, type DemoSites } from './index.ts';
import { CHANNEL, MESSAGES_PER_PAGE, formatViews } from './telegram.ts';
import { corpusById, get, getPage } from './test-support.ts';

let sites: DemoSites;
const corpus = corpusById();

beforeAll(async () => {
  sites = await startDemoSites();
});
afterAll(async () => {
  await sites.close();
});
beforeEach(() => sites.reset());

/** Message text as Telegram's markup carries it: `<br/>` back to line breaks. */
function messageText($: CheerioAPI, el: Parameters<CheerioAPI>[0]): string {
  const node = $(el).find('.tgme_widget_message_text').clone();
  node.find('br').replaceWith('\n');
  return node.text();
}

/** Walks the channel from the newest page back through `?before=`; returns each page's data-post ids. */
async function walkBack(): Promise<{ pages: CheerioAPI[]; posts: string[] }> {
  const pages: CheerioAPI[] = [];
  let url: string | null = `${sites.urls.telegram}/s/${CHANNEL}`;
  while (url && pages.length < 50) {
    const $ = await getPage(url);
    pages.push($);
    const more = $('.tgme_widget_message_centered a.tme_messages_more[data-before]');
    url = more.length ? new URL(more.attr('href')!, url).href : null;
  }
  const posts = pages.reverse().flatMap(($) =>
    $('.tgme_widget_message_wrap > .tgme_widget_message')
      .map((_, m) => $(m).attr('data-post'))
      .get(),
  );
  return { pages, posts };
}

describe('telegram channel preview', () => {
  it('shows the latest 20 messages, newest last, with a link to older ones', async () => {
    const $ = await getPage(`${sites.urls.telegram}/s/${CHANNEL}`);
    const messages = $('.tgme_widget_message_wrap > .tgme_widget_message[data-post]');
    expect(messages).toHaveLength(MESSAGES_PER_PAGE);
    const ids = messages.map((_, m) => Number($(m).attr('data-post')!.split('/')[1])).get();
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const all = sites.items.telegram
      .map((id) => Number(sites.locate(id).externalId.split('/')[1]))
      .sort((a, b) => a - b);
    expect(ids).toEqual(all.slice(-MESSAGES_PER_PAGE));
    const more = $('a.tme_messages_more');
    expect(more.attr('data-before')).toBe(String(ids[0]));
    expect(more.attr('href')).toBe(`/s/${CHANNEL}?before=${ids[0]}`);
  });

  it('?before= walks back to the first message; every message has text, date link, time and views', async () => {
    const { pages, posts } = await walkBack();
    expect(pages).toHaveLength(Math.ceil(sites.items.telegram.length / MESSAGES_PER_PAGE));
    const expected = sites.items.telegram.map((id) => sites.locate(id).externalId);
    expect(posts).toEqual([...expected].sort((a, b) => Number(a.split('/')[1]) - Number(b.split('/')[1])));
    const byPost = new Map(sites.items.telegram.map((id) => [sites.locate(id).externalId, id]));
    for (const $ of pages) {
      $('.tgme_widget_message').each((_, m) => {
        const post = $(m).attr('data-post')!;
        const corpusId = byPost.get(post)!;
        expect(messageText($, m)).toBe(corpus.get(corpusId)!.text);
        const date = $(m).find('a.tgme_widget_message_date');
        expect(date.attr('href')).toBe(sites.locate(corpusId).url);
        expect(date.attr('href')!.endsWith(`/${post}`)).toBe(true);
        expect(Number.isNaN(Date.parse(date.find('time').attr('datetime')!))).toBe(false);
        expect($(m).find('.tgme_widget_message_views').text()).toMatch(/^\d+(\.\d)?K?$/);
      });
    }
  });

  it('renders line breaks as <br/> and serves each message on its own page', async () => {
    const multi = sites.items.telegram.find((id) => corpus.get(id)!.text.includes('\n'))!;
    const { url } = sites.locate(multi);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<br/>');
    expect((await get(`${sites.urls.telegram}/${CHANNEL}/1`)).status).toBe(404);
  });

  it('a hidden message disappears from the channel; an edited one shows its new text', async () => {
    const [gone, changed] = sites.items.telegram;
    sites.hide(gone!);
    sites.edit(changed!, 'Message modifié\nsur deux lignes');
    const { pages, posts } = await walkBack();
    expect(posts).not.toContain(sites.locate(gone!).externalId);
    expect(posts).toHaveLength(sites.items.telegram.length - 1);
    const post = sites.locate(changed!).externalId;
    const $ = pages.find((p) => p(`[data-post="${post}"]`).length > 0)!;
    expect(messageText($, $(`[data-post="${post}"]`)[0])).toBe('Message modifié\nsur deux lignes');
    expect((await get(sites.locate(gone!).url)).status).toBe(404);
  });

  it('rejects a malformed ?before= and formats views as Telegram does', async () => {
    expect((await get(`${sites.urls.telegram}/s/${CHANNEL}?before=abc`)).status).toBe(400);
    expect(formatViews(987)).toBe('987');
    expect(formatViews(1234)).toBe('1.2K');
    expect(formatViews(12_345)).toBe('12.3K');
    expect(formatViews(1_560_000)).toBe('1.5M');
  });
});

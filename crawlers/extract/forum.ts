import { load } from 'cheerio/slim';
import type { ExtractRules } from '../../domain/index.ts';
import type { FetchedPage } from '../fetcher.ts';
import { cap, isoDate, pick, pickAll, textOf } from './dom.ts';
import { LIMITS, type CrawlTask, type KindHandler, type PageExtraction } from './kind.ts';

type ForumRules = Extract<ExtractRules, { kind: 'forum' }>;

/** Forums: thread lists (paginated) link to threads (paginated); each post is a listing. */
export function createForumKind(rules: ForumRules): KindHandler {
  function threadList(page: FetchedPage): PageExtraction {
    const $ = load(page.text);
    const links: CrawlTask[] = pickAll($, null, rules.threadLinks, page.finalUrl, true)
      .slice(0, LIMITS.links)
      .map((url) => ({ url, role: 'thread' }));
    const [next] = rules.nextPage ? pickAll($, null, rules.nextPage, page.finalUrl, true) : [];
    if (next) links.push({ url: next, role: 'list' });
    return { listings: [], links, seenIds: [] };
  }

  function thread(page: FetchedPage, task: CrawlTask): PageExtraction {
    const $ = load(page.text);
    const result: PageExtraction = { listings: [], links: [], seenIds: [] };
    const threadTitle = cap(
      (rules.threadTitle ? pick($, null, rules.threadTitle, page.finalUrl) : null) ??
        (textOf($('h1').first()) || textOf($('title'))),
      LIMITS.title,
    );
    const posts = $(rules.post).slice(0, LIMITS.items);
    if (posts.length === 0) result.problem = `no post matched "${rules.post}" on the thread page`;
    posts.each((index, el) => {
      const post = $(el);
      const text = cap(pick($, post, rules.postFields.text, page.finalUrl) ?? '', LIMITS.text);
      const id = rules.postFields.externalId
        ? pick($, post, rules.postFields.externalId, page.finalUrl)
        : null;
      // Without a post id, the post's place on its page is the best stable identity there is.
      const externalId = cap(id ?? `${task.url}#${index + 1}`, LIMITS.field);
      if (!text) {
        result.seenIds.push(externalId);
        return;
      }
      const author = pick($, post, rules.postFields.author, page.finalUrl);
      const postedAtRaw = rules.postFields.postedAt
        ? pick($, post, rules.postFields.postedAt, page.finalUrl)
        : null;
      const fields: Record<string, string> = { thread: threadTitle, threadUrl: task.url };
      if (author) fields.author = cap(author, LIMITS.field);
      if (postedAtRaw) fields.postedAt = cap(postedAtRaw, LIMITS.field);
      result.listings.push({
        externalId,
        url: post.attr('id')
          ? `${page.finalUrl.split('#')[0]}#${encodeURIComponent(post.attr('id')!)}`
          : page.finalUrl,
        title: threadTitle || cap(text.split('\n')[0] ?? '', 120),
        text,
        fields,
        postedAt: isoDate(postedAtRaw),
      });
    });
    const [next] = rules.threadNextPage ? pickAll($, null, rules.threadNextPage, page.finalUrl, true) : [];
    if (next) result.links.push({ url: next, role: 'thread' });
    return result;
  }

  return {
    startRole: 'list',
    idFromUrl: () => null,
    conditional: () => false,
    extract: (page, task) => (task.role === 'thread' ? thread(page, task) : threadList(page)),
    selectors: () =>
      [
        rules.threadLinks,
        rules.nextPage,
        rules.post,
        rules.threadTitle,
        rules.threadNextPage,
        ...Object.values(rules.postFields),
      ].filter((s): s is string => typeof s === 'string'),
  };
}

import type { DemoCatalog, DemoItem } from './catalog.ts';
import { stableHash } from './corpus.ts';
import { frenchDate, isoDate } from './format.ts';
import { markup, page, raw, type SafeHtml } from './html.ts';
import { PERMISSIVE_ROBOTS, htmlReply, pageParam, paginate, textReply, type Handler } from './http.ts';

/** Threads per list page and posts per thread page. */
export const THREADS_PER_PAGE = 20;
export const POSTS_PER_PAGE = 10;

/** One post of a thread: the corpus item opens it, synthetic harmless replies follow. */
export interface ForumPost {
  postId: number;
  author: string;
  date: Date;
  text: string;
  /** The corpus id for the opening post, null for synthetic replies. */
  corpusId: string | null;
}

const REPLIES: Record<'fr' | 'nl' | 'en', string[]> = {
  fr: [
    'up',
    'mp',
    'merci',
    "merci pour l'info",
    '+1',
    'ça m’intéresse aussi',
    'bump',
    'je suis dans le même cas',
  ],
  nl: ['up', 'pm', 'bedankt', 'dank je voor de info', '+1', 'ook interesse', 'bump'],
  en: ['up', 'pm', 'thanks', 'thanks for the info', '+1', 'same here', 'bump'],
};

/** The opening post's id; replies follow it (thread 310 → posts 31000, 31001…). */
export function openingPostId(threadId: number): number {
  return threadId * 100;
}

/** A thread's posts: the corpus item, then 1–3 replies (10–15 on every seventh thread, so some span pages). */
export function threadPosts(thread: DemoItem): ForumPost[] {
  const long = thread.seed % 7 === 0;
  const count = long ? 10 + (thread.seed % 6) : 1 + (thread.seed % 3);
  const replies = REPLIES[thread.lang === 'mixed' ? 'fr' : thread.lang];
  const step = (11 + (thread.seed % 50)) * 60_000;
  const posts: ForumPost[] = [
    {
      postId: openingPostId(thread.siteId),
      author: thread.seller,
      date: thread.postedAt,
      text: thread.text,
      corpusId: thread.corpusId,
    },
  ];
  for (let k = 1; k <= count; k++) {
    const h = stableHash(`${thread.corpusId}/${k}`);
    posts.push({
      postId: openingPostId(thread.siteId) + k,
      author: `membre${(h % 9000) + 1000}`,
      date: new Date(thread.postedAt.getTime() + k * step),
      text: replies[h % replies.length]!,
      corpusId: null,
    });
  }
  return posts;
}

const STYLE = raw(
  '<style>.post-body{white-space:pre-line}.post{border-bottom:1px solid #ccc;padding:.5em 0}</style>',
);

function pagination(base: string, pageNo: number, pages: number): SafeHtml {
  const sep = base.includes('?') ? '&' : '?';
  const prev =
    pageNo > 1
      ? markup`<a class="prev" rel="prev" href="${base}${sep}page=${pageNo - 1}">« Précédent</a>`
      : '';
  const next =
    pageNo < pages
      ? markup`<a class="next" rel="next" href="${base}${sep}page=${pageNo + 1}">Suivant »</a>`
      : '';
  return markup`<nav class="pagination">
    ${prev} <span class="current">Page ${pageNo} sur ${pages}</span> ${next}
  </nav>`;
}

function threadList(
  threads: { item: DemoItem; posts: ForumPost[] }[],
  pageNo: number,
  pages: number,
): string {
  const rows = threads.map(({ item, posts }) => {
    const last = posts[posts.length - 1]!;
    return markup`<tr class="thread">
      <td>
        <a class="thread-link" href="/thread/${item.siteId}">${item.title}</a><br /><span
          class="thread-author"
          >par ${item.seller}</span
        >
      </td>
      <td class="thread-replies">${posts.length - 1}</td>
      <td><time class="thread-last" datetime="${isoDate(last.date)}">${frenchDate(last.date)}</time></td>
    </tr>`;
  });
  const body = markup`<header><a href="/">Forum Bruxelles Entraide</a></header>
    <main>
      <h1>Discussions</h1>
      <table class="threads">
        <thead>
          <tr>
            <th>Sujet</th>
            <th>Réponses</th>
            <th>Dernier message</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      ${pagination('/forum', pageNo, pages)}
    </main>`;
  return page(`Forum Bruxelles Entraide – page ${pageNo}`, body, STYLE);
}

function threadPage(
  item: DemoItem,
  posts: ForumPost[],
  pageNo: number,
  pages: number,
  firstIndex: number,
): string {
  const rendered = posts.map((post, i) => {
    const suffix = pageNo > 1 ? `?page=${pageNo}` : '';
    return markup`<article class="post" id="p${post.postId}">
      <header class="post-header">
        <span class="post-author">${post.author}</span> ·
        <time class="post-date" datetime="${isoDate(post.date)}">${frenchDate(post.date)}</time>
        <a
          class="post-permalink"
          href="/thread/${item.siteId}${suffix}#p${post.postId}"
          data-post-id="${post.postId}"
          >#${firstIndex + i + 1}</a
        >
      </header>
      <div class="post-body">${post.text}</div>
    </article>`;
  });
  const body = markup`<header>
      <a href="/">Forum Bruxelles Entraide</a> › <a href="/forum">Discussions</a>
    </header>
    <main>
      <h1 class="thread-title">${item.title}</h1>
      <div class="posts">${rendered}</div>
      ${pagination(`/thread/${item.siteId}`, pageNo, pages)}
    </main>`;
  return page(`${item.title} – Forum Bruxelles Entraide`, body, STYLE);
}

const notFound = () => htmlReply(page('Introuvable', markup`<p>Sujet introuvable.</p>`), 404);
const badPage = () => htmlReply(page('Erreur', markup`<p>Numéro de page invalide.</p>`), 400);

/** The forum: `/forum?page=N` (latest activity first) and `/thread/ID?page=N` with posts. */
export function createForumSite(catalog: DemoCatalog): Handler {
  return (_req, url) => {
    const path = url.pathname;
    if (path === '/robots.txt') return textReply(PERMISSIVE_ROBOTS);
    if (path === '/') {
      return htmlReply(
        page(
          'Forum Bruxelles Entraide',
          markup`<h1>Forum Bruxelles Entraide</h1>
            <p><a href="/forum">Discussions</a></p>`,
        ),
      );
    }
    const pageNo = pageParam(url);
    if (path === '/forum') {
      if (pageNo === null) return badPage();
      const threads = catalog
        .visible('forum')
        .map((item) => ({ item, posts: threadPosts(item) }))
        .sort(
          (a, b) => b.posts[b.posts.length - 1]!.date.getTime() - a.posts[a.posts.length - 1]!.date.getTime(),
        );
      const slice = paginate(threads, pageNo, THREADS_PER_PAGE);
      return slice ? htmlReply(threadList(slice.slice, pageNo, slice.pages)) : notFound();
    }
    const m = /^\/thread\/(\d{1,9})$/.exec(path);
    if (!m) return notFound();
    const item = catalog.find('forum', Number(m[1]));
    if (!item) {
      if (!catalog.isHidden('forum', Number(m[1]))) return notFound();
      return htmlReply(
        page('Sujet supprimé', markup`<p>Ce sujet a été supprimé par la modération.</p>`),
        410,
      );
    }
    if (pageNo === null) return badPage();
    const slice = paginate(threadPosts(item), pageNo, POSTS_PER_PAGE);
    if (!slice) return notFound();
    return htmlReply(threadPage(item, slice.slice, pageNo, slice.pages, (pageNo - 1) * POSTS_PER_PAGE));
  };
}

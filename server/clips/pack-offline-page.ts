// The pack's offline player: one self-contained HTML file (no external script, style or
// font) that plays the zip's own media files in order from file://. Captions are inlined
// as data because browsers refuse <track> files from file:// URLs.
import type { Cue } from '../model/types.ts';
import { clipExportWords, playedMediaOf } from './clip-markdown.ts';
import { escapeHtml } from './clip-page-head.ts';
import type { CitationLanguage } from './format-citation.ts';

export interface OfflinePackItem {
  title: string;
  /** How long the clip lasts ("46 s"); null for a deleted clip. */
  length: string | null;
  /** null for a clip deleted since the pack was made. */
  quote: string | null;
  attribution: string | null;
  citation: string | null;
  note: string | null;
  /** File name inside the zip; null when the clip has no media in the pack. */
  mediaFile: string | null;
  mediaType: string | null;
  duration: number;
  /** Captions re-timed to the cut file. */
  cues: Pick<Cue, 'start' | 'end' | 'speaker' | 'text'>[];
  link: string | null;
  /** What the reader must know about this item: deleted, no media, transcript edited. */
  notices: string[];
}

export interface OfflinePack {
  title: string;
  intro: string | null;
  /** How many clips play and how long they last in all ("2 clips to play, 1 min 12 s in all."). */
  length: string | null;
  items: OfflinePackItem[];
  link: string;
  language: CitationLanguage;
}

/** The page's own words; the clips' come from the archive (quote, citation, notices). */
const pageWords = {
  en: {
    playAll: 'Play all in order',
    playClip: 'Play this clip',
    playAllVideo: 'Play all in order',
    playAllMixed: 'Play all in order',
    playVideoClip: 'Play this clip',
    online: 'Online',
    packOnline: 'This pack online',
    handout: 'handout: handout.md',
  },
  fr: {
    playAll: 'Tout écouter dans l’ordre',
    playClip: 'Écouter cet extrait',
    // A video is watched ("regarder"); a pack of both is played ("lire").
    playAllVideo: 'Tout regarder dans l’ordre',
    playAllMixed: 'Tout lire dans l’ordre',
    playVideoClip: 'Regarder cet extrait',
    online: 'En ligne',
    packOnline: 'Ce dossier en ligne',
    handout: 'fiche : handout.md',
  },
} satisfies Record<CitationLanguage, unknown>;

/** JSON safe inside a <script> element: no "</script", no "<!--", no U+2028/2029 surprises. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// Runs in the browser from file://. Plain ES2017, no modules. Exposes its state on
// <body data-*> so people (and tests) can see which clip is playing.
const playerScript = `
(function () {
  var pack = JSON.parse(document.getElementById('pack-data').textContent);
  var audio = document.getElementById('player');
  // The next clip from index on that has media in the pack, or -1.
  function playable(index) {
    for (var i = index; i < pack.items.length; i++) if (pack.items[i].mediaFile) return i;
    return -1;
  }
  var caption = document.getElementById('caption');
  var nowTitle = document.getElementById('now-title');
  var items = document.querySelectorAll('[data-item]');
  var current = -1;
  var played = [];
  window.verbatimPack = { played: played };
  function select(index, autoplay) {
    if (index < 0 || index >= pack.items.length) return;
    current = index;
    var item = pack.items[index];
    for (var i = 0; i < items.length; i++) {
      if (i === index) items[i].setAttribute('aria-current', 'true');
      else items[i].removeAttribute('aria-current');
    }
    nowTitle.textContent = (index + 1) + '. ' + item.title;
    caption.textContent = '';
    document.body.setAttribute('data-current', String(index));
    if (!item.mediaFile) { audio.removeAttribute('src'); audio.load(); return; }
    audio.setAttribute('data-kind', (item.mediaType || '').indexOf('video/') === 0 ? 'video' : 'audio');
    audio.src = item.mediaFile;
    if (autoplay) {
      var p = audio.play();
      if (p && p.catch) p.catch(function () {});
    }
  }
  audio.addEventListener('playing', function () {
    if (played[played.length - 1] !== current) played.push(current);
    document.body.setAttribute('data-played', played.join(','));
  });
  audio.addEventListener('timeupdate', function () {
    var item = pack.items[current];
    if (!item) return;
    var t = audio.currentTime;
    // Stop at the clip's end even if the file runs a few milliseconds longer.
    if (t >= item.duration) { audio.pause(); advance(); return; }
    var text = '';
    for (var i = 0; i < item.cues.length; i++) {
      var c = item.cues[i];
      if (t >= c.start && t < c.end) { text = (c.speaker ? c.speaker + ': ' : '') + c.text; break; }
    }
    caption.textContent = text;
  });
  var advancing = false;
  function advance() {
    if (advancing) return;
    advancing = true;
    setTimeout(function () { advancing = false; }, 0);
    var next = playable(current + 1);
    if (next >= 0) select(next, true);
    else { document.body.setAttribute('data-finished', 'true'); caption.textContent = ''; }
  }
  audio.addEventListener('ended', advance);
  document.getElementById('play-all').addEventListener('click', function () {
    document.body.removeAttribute('data-finished');
    var first = playable(0);
    if (first >= 0) select(first, true);
    else document.body.setAttribute('data-finished', 'true');
  });
  for (var i = 0; i < items.length; i++) {
    (function (index) {
      var button = items[index].querySelector('button');
      if (button) button.addEventListener('click', function () { select(index, true); });
    })(i);
  }
  select(Math.max(0, playable(0)), false);
})();
`;

const style = `
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #111827; background: #fdfaf3; }
audio, video { width: 100%; }
video[data-kind="audio"] { max-height: 3.5rem; }
.notice { border-left: 4px solid #b91c1c; padding-left: .5rem; color: #7f1d1d; }
#caption { min-height: 3em; font-size: 1.15rem; padding: .5rem; background: #fff; border-left: 4px solid #b45309; }
ol { padding-left: 1.2rem; }
li[aria-current] { background: #fef3c7; }
blockquote { margin: .5rem 0; font-style: italic; }
.citation { font-size: .9rem; color: #374151; }
.length { color: #374151; }
button { font: inherit; padding: .3rem .8rem; }
`;

function itemHtml(item: OfflinePackItem, i: number, language: CitationLanguage): string {
  const say = pageWords[language];
  const notices = item.notices.map((n) => `<p class="notice">${escapeHtml(n)}</p>`).join('\n        ');
  const lines = [
    `<h2>${escapeHtml(item.title)}</h2>`,
    item.length ? `<p class="length">${escapeHtml(item.length)}</p>` : '',
    notices,
    item.quote !== null
      ? `<blockquote>${escapeHtml(clipExportWords[language].quoted(item.quote))}</blockquote>`
      : '',
    item.attribution ? `<p>— ${escapeHtml(item.attribution)}</p>` : '',
    item.note ? `<p class="note">${escapeHtml(item.note)}</p>` : '',
    item.citation ? `<p class="citation">${escapeHtml(item.citation)}</p>` : '',
    [
      item.mediaFile
        ? `<button type="button">${item.mediaType?.startsWith('video/') ? say.playVideoClip : say.playClip}</button>`
        : '',
      item.link ? `<a href="${escapeHtml(item.link)}">${say.online}</a>` : '',
    ]
      .filter(Boolean)
      .join(' '),
  ];
  return `      <li data-item="${i}">
        ${lines.filter(Boolean).join('\n        ')}
      </li>`;
}

export function buildOfflinePackPage(pack: OfflinePack): string {
  const say = pageWords[pack.language];
  const items = pack.items.map((item, i) => itemHtml(item, i, pack.language)).join('\n');
  const data = {
    items: pack.items.map(({ mediaFile, mediaType, duration, cues, title }) => ({
      mediaFile,
      mediaType,
      duration,
      cues,
      title,
    })),
  };
  // One player for the pack: a <video> as soon as one clip has a picture (it plays sound too).
  const tag = pack.items.some((i) => i.mediaType?.startsWith('video/')) ? 'video' : 'audio';
  const played = playedMediaOf(pack.items.filter((i) => i.mediaFile).map((i) => i.mediaType));
  const playAll = { audio: say.playAll, video: say.playAllVideo, mixed: say.playAllMixed }[played];
  return `<!doctype html>
<html lang="${pack.language}">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>${escapeHtml(pack.title)}</title>
    <style>${style}</style>
  </head>
  <body>
    <h1>${escapeHtml(pack.title)}</h1>
    ${pack.intro ? `<p class="intro">${escapeHtml(pack.intro)}</p>` : ''}
    ${pack.length ? `<p class="length">${escapeHtml(pack.length)}</p>` : ''}
    <p><button type="button" id="play-all">${playAll}</button></p>
    <p id="now-title" aria-live="polite"></p>
    <${tag} id="player" controls preload="metadata"${tag === 'video' ? ' playsinline' : ''}></${tag}>
    <p id="caption" aria-live="polite"></p>
    <ol>
${items}
    </ol>
    <p><a href="${escapeHtml(pack.link)}">${say.packOnline}</a> · ${say.handout}</p>
    <script type="application/json" id="pack-data">${jsonForScript(data)}</script>
    <script>${playerScript}</script>
  </body>
</html>
`;
}

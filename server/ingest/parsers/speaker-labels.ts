// `Name: text` speaker labels at the start of a cue or paragraph, as hand-made captions
// and published transcripts write them ("BEKAH: …", "Dan Ott: …", "Mme Lefèvre : …").
// Deliberately conservative: a wrong speaker is worse than none, because it feeds the
// speaker filter. A label is 1–5 capitalised name words (initials, "M."/"Dr." and
// lower-case particles such as "de"/"van" inside the name allowed), optionally a final
// number ("Speaker 2"), no other digits (so "10:30" is never a label), and not a common
// word that people put before a colon ("Note:", "Question:", "So:", "Résumé :").
import type { Cue } from '../../model/types.ts';

const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}'’-]*\.?|\p{Lu}\.)$/u;
const PARTICLE =
  /^(?:de|du|des|d'|d’|la|le|les|van|von|der|den|da|di|del|della|dos|das|al|el|bin|ben|ibn|y|e|st\.?)$/i;
const NUMBER_WORD = /^\d{1,2}$/;

const NOT_A_NAME = new Set(
  [
    // English
    'note',
    'notes',
    'ps',
    'p.s.',
    'edit',
    'update',
    'warning',
    'attention',
    'question',
    'questions',
    'answer',
    'source',
    'sources',
    'example',
    'conclusion',
    'summary',
    'bonus',
    'spoiler',
    'disclaimer',
    'chapter',
    'part',
    'episode',
    'step',
    'tip',
    'important',
    'info',
    'fyi',
    'hint',
    'rule',
    'lesson',
    'objective',
    'definition',
    'translation',
    'transcript',
    'break',
    'music',
    'applause',
    'laughter',
    'intro',
    'outro',
    'sponsor',
    'ad',
    'caveat',
    'problem',
    'solution',
    'result',
    'fact',
    'reminder',
    'also',
    'but',
    'so',
    'yes',
    'no',
    'well',
    'okay',
    'ok',
    'first',
    'second',
    'third',
    'finally',
    'today',
    'now',
    'here',
    'why',
    'how',
    'what',
    'because',
    'the',
    'this',
    'that',
    'there',
    'and',
    'or',
    'quote',
    'title',
    'subject',
    'topic',
    'date',
    'time',
    'location',
    'links',
    'link',
    'url',
    'email',
    'phone',
    'correction',
    'context',
    'background',
    'recap',
    'agenda',
    'todo',
    // French
    'nb',
    'remarque',
    'rappel',
    'réponse',
    'exemple',
    'résumé',
    'avertissement',
    'chapitre',
    'partie',
    'épisode',
    'étape',
    'astuce',
    'règle',
    'leçon',
    'objectif',
    'définition',
    'traduction',
    'transcription',
    'pause',
    'musique',
    'applaudissements',
    'rires',
    'générique',
    'jingle',
    'pub',
    'publicité',
    'problème',
    'résultat',
    'fait',
    'aussi',
    'mais',
    'donc',
    'oui',
    'non',
    'bon',
    'alors',
    'voilà',
    'premièrement',
    'deuxièmement',
    'enfin',
    'aujourd’hui',
    "aujourd'hui",
    'maintenant',
    'ici',
    'pourquoi',
    'comment',
    'quoi',
    'et',
    'ou',
    'le',
    'la',
    'les',
    'ce',
    'cela',
    'ça',
    'citation',
    'titre',
    'sujet',
    'lieu',
    'lien',
    'liens',
    'contexte',
    'sommaire',
    'programme',
    'conseil',
  ].map((w) => w.toLowerCase()),
);

/** Checks that `candidate` (the text before the colon) looks like a speaker's name. */
export function looksLikeSpeakerName(candidate: string): boolean {
  const name = candidate.trim();
  if (name.length === 0 || name.length > 40) return false;
  const words = name.split(/\s+/);
  if (words.length > 5) return false;
  const first = words[0] ?? '';
  if (NOT_A_NAME.has(first.toLowerCase()) || NOT_A_NAME.has(first.toLowerCase().replace(/\.$/, '')))
    return false;
  let nameWords = 0;
  for (const [index, word] of words.entries()) {
    const isLast = index === words.length - 1;
    if (NAME_WORD.test(word)) nameWords++;
    else if (index > 0 && !isLast && PARTICLE.test(word)) continue;
    else if (index > 0 && isLast && NUMBER_WORD.test(word)) continue;
    else return false;
  }
  return nameWords > 0;
}

// The label, then a colon (French puts a space, often no-break, before it), then
// whitespace or the end of the line. `>>` is the broadcast-caption "new speaker" mark.
const LABEL = /^(?:>>\s*)?([^:\n]{1,40}?)[ \u00a0\u202f]?:(?:[ \t\u00a0\u202f]+|(?=\n)|$)/;
const NEW_SPEAKER_MARK = /^>>\s*/;

export interface SplitLabel {
  speaker: string;
  rest: string;
}

/** Splits a leading `Name:` label off `text`, or returns null when there is none. */
export function splitSpeakerLabel(text: string): SplitLabel | null {
  const colon = text.indexOf(':');
  if (colon === -1 || colon > 48) return null;
  const match = LABEL.exec(text);
  if (!match) return null;
  const candidate = match[1] ?? '';
  if (!looksLikeSpeakerName(candidate)) return null;
  return { speaker: candidate.trim(), rest: text.slice(match[0].length) };
}

/**
 * Sets `speaker` on cues that have none from a leading `Name:` label (removing it from
 * the text). With `carryForward`, an unlabelled cue continues the last `Name:` speaker,
 * as hand-made captions only label speaker changes; a bare `>>` resets it to unknown.
 * Cues with word timings keep their text untouched (the words must match it).
 */
export function applySpeakerLabels(cues: Cue[], options: { carryForward: boolean }): void {
  const labels = cues.map((cue) => (cue.speaker === null && !cue.words ? splitSpeakerLabel(cue.text) : null));
  // One lone "label" in a whole file is more likely a sentence than a speaker change: it
  // labels its own cue but is not carried over the rest of the transcript.
  const carryForward = options.carryForward && labels.filter((l) => l !== null).length >= 2;
  let current: string | null = null;
  for (const [index, cue] of cues.entries()) {
    if (cue.speaker !== null) {
      // A speaker given by markup (`<v Name>`) belongs to that cue only.
      current = null;
      continue;
    }
    if (cue.words) continue;
    const label = labels[index];
    if (label) {
      cue.speaker = label.speaker;
      cue.text = label.rest;
      current = label.speaker;
    } else if (NEW_SPEAKER_MARK.test(cue.text)) {
      cue.text = cue.text.replace(NEW_SPEAKER_MARK, '');
      current = null;
    } else if (carryForward && current !== null) {
      cue.speaker = current;
    }
  }
}

/**
 * Captions often name a speaker in full once, then by first name ("Dan Ott:" then "Dan:").
 * A one-word speaker becomes the full name when exactly one full name in the file starts
 * with it; with two candidates ("Dan Ott", "Dan Roy") it stays as written.
 */
export function unifySpeakerFirstNames(cues: Cue[]): void {
  const fullNamesByFirst = new Map<string, Set<string>>();
  for (const cue of cues) {
    const speaker = cue.speaker;
    if (speaker === null || !speaker.includes(' ')) continue;
    const first = speaker.split(' ')[0] ?? '';
    if (!NAME_WORD.test(first) || first.endsWith('.')) continue;
    const set = fullNamesByFirst.get(first) ?? new Set<string>();
    set.add(speaker);
    fullNamesByFirst.set(first, set);
  }
  if (fullNamesByFirst.size === 0) return;
  for (const cue of cues) {
    if (cue.speaker === null || cue.speaker.includes(' ')) continue;
    const candidates = fullNamesByFirst.get(cue.speaker);
    if (candidates?.size === 1) cue.speaker = [...candidates][0] ?? cue.speaker;
  }
}

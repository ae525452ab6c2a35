import type { ClipView } from '../api/clips-api.ts';
import { formatTimecode } from '../../../shared/time/index.ts';
import { useClipText } from '../lib/clip-messages.ts';

/**
 * The clip's cues as text (never HTML), timed from the clip's start as its player counts
 * (0:00 is where the clip begins); the current one marked.
 */
export function ClipTranscript({
  view,
  currentTime,
  label,
}: {
  view: ClipView;
  currentTime: number;
  label: string;
}) {
  const say = useClipText();
  return (
    <ol className="clip-transcript" aria-label={label}>
      {view.cues.map((cue, index) => {
        const current = currentTime >= cue.start && currentTime < cue.end;
        return (
          <li
            // Not the start: cues spoken at once, cut to the clip's start, share it.
            key={index}
            aria-current={current ? 'true' : undefined}
            className={current ? 'cue-active' : undefined}
          >
            <span className="cue-time">
              {formatTimecode(Math.max(cue.start, view.clip.start) - view.clip.start)}
            </span>{' '}
            {cue.speaker && (
              <span className="cue-speaker">{say('clip.speaker', { name: cue.speaker })} </span>
            )}
            <span className="cue-text">{cue.text}</span>
          </li>
        );
      })}
    </ol>
  );
}

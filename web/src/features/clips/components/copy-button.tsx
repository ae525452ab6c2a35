import { useState } from 'react';
import { useClipText } from '../lib/clip-messages.ts';

/**
 * Copies `text`; falls back to selecting the text field when the clipboard is unavailable.
 * `disabled` while the text is not complete yet (a citation on its way).
 */
export function CopyButton({
  text,
  label,
  fieldId,
  disabled = false,
}: {
  text: string;
  label: string;
  fieldId?: string;
  disabled?: boolean;
}) {
  const say = useClipText();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      const field = fieldId ? document.getElementById(fieldId) : null;
      if (field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement) field.select();
    }
  };
  return (
    <button
      type="button"
      className="secondary-button"
      onClick={() => void copy()}
      disabled={disabled}
      aria-label={say('share.copyField', { field: label })}
    >
      {copied ? say('share.copied') : say('share.copy')}
    </button>
  );
}

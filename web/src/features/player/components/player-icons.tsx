// Small inline icons (24×24, currentColor); decorative: buttons carry the labels.
import type { SVGProps } from 'react';

function Icon({ children, ...props }: SVGProps<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export const PlayIcon = () => (
  <Icon>
    <path d="M8 5.5v13a.5.5 0 0 0 .77.42l10-6.5a.5.5 0 0 0 0-.84l-10-6.5A.5.5 0 0 0 8 5.5Z" />
  </Icon>
);

export const PauseIcon = () => (
  <Icon>
    <rect x="6" y="5" width="4" height="14" rx="1" />
    <rect x="14" y="5" width="4" height="14" rx="1" />
  </Icon>
);

export const VolumeIcon = () => (
  <Icon>
    <path d="M4 9h3l5-4v14l-5-4H4z" />
    <path
      d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
    />
  </Icon>
);

export const MutedIcon = () => (
  <Icon>
    <path d="M4 9h3l5-4v14l-5-4H4z" />
    <path d="m16 9 6 6m0-6-6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
  </Icon>
);

function SeekIcon({ forward }: { forward: boolean }) {
  return (
    <Icon>
      <path
        d={forward ? 'M12 5a7 7 0 1 1-7 7' : 'M12 5a7 7 0 1 0 7 7'}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
      <path d={forward ? 'M12 1.5 16 5l-4 3.5z' : 'M12 1.5 8 5l4 3.5z'} />
      <text
        x="12"
        y="15.5"
        fontSize="7"
        textAnchor="middle"
        fontFamily="system-ui, sans-serif"
        fontWeight="700"
      >
        10
      </text>
    </Icon>
  );
}

export const SeekBackIcon = () => <SeekIcon forward={false} />;
export const SeekForwardIcon = () => <SeekIcon forward />;

import { useMediaQuery } from '../../../shared/layout/index.ts';

export function useReducedMotion(): boolean {
  return useMediaQuery('(prefers-reduced-motion: reduce)');
}

/** The button under a folded list: "Show all …" while folded, its way back once unfolded. */
export function ShowAllButton({
  expanded,
  onToggle,
  showAll,
  showFewer,
}: {
  expanded: boolean;
  onToggle: () => void;
  showAll: string;
  showFewer: string;
}) {
  return (
    <button type="button" className="show-all-button" aria-expanded={expanded} onClick={onToggle}>
      {expanded ? showFewer : showAll}
    </button>
  );
}

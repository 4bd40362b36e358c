// A file path inside a message: C:\…, ~/…, ./…, /… up to a space, quote or bracket.
const PATH = /((?:[A-Za-z]:)?(?:~|\.{1,2})?[\\/][^\s()"'`]+)/;

/**
 * Text whose file paths stay on one line (issue 17: the doctor broke "/tmp/cat-home-/…" at the
 * hyphen). A path too long for its line is elided in the middle, its file name kept; the full path
 * stays the element's text (select and copy it, screen readers read it) and its tooltip.
 */
export function WithPaths({ text }: { text: string }): React.JSX.Element {
  const parts = text.split(PATH);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <PathText key={i} path={p} /> : p))}</>;
}

export function PathText({ path }: { path: string }): React.JSX.Element {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
  const head = path.slice(0, cut);
  const tail = path.slice(cut);
  return (
    <span className="path" title={path}>
      {head && <span className="path-head">{head}</span>}
      <span className="path-tail">{tail}</span>
    </span>
  );
}

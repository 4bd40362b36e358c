// A file path inside a message: C:\…, ~/…, ./…, /… up to a space, quote or bracket.
const PATH = /((?:[A-Za-z]:)?(?:~|\.{1,2})?[\\/][^\s()"'`]+)/;

/**
 * Text whose file paths stay on one line (issue 17: the doctor broke "/tmp/cat-home-/…" at the
 * hyphen). A path too long for its line is elided in the middle, its file name kept; the full path
 * stays the element's text (select and copy it, screen readers read it) and its tooltip.
 */
export function WithPaths({ text }: { text: string }): React.JSX.Element {
  const parts = text.split(PATH);
  const out: React.ReactNode[] = [];
  let rest = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    // The characters that touch the path ("(", ")."), kept on its line.
    const lead = /\S*$/.exec(rest)?.[0] ?? '';
    const after = parts[i + 1] ?? '';
    const trail = /^\S*/.exec(after)?.[0] ?? '';
    out.push(rest.slice(0, rest.length - lead.length));
    out.push(
      <span key={i} className="path-line">
        {lead}
        <PathText path={parts[i] ?? ''} />
        {trail}
      </span>,
    );
    rest = after.slice(trail.length);
  }
  out.push(rest);
  return <>{out}</>;
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

import { Fragment } from 'react';

// A file path inside a message: C:\…, ~/…, ./…, /… up to a space, quote or bracket.
const PATH = /((?:[A-Za-z]:)?(?:~|\.{1,2})?[\\/][^\s()"'`]+)/;

/**
 * Text whose file paths wrap only after a "/" (or "\"), never inside a folder name (issue 17: the
 * doctor broke "/tmp/cat-home-/…" at the hyphen). Each segment is kept whole; <wbr> marks the breaks.
 */
export function WithPaths({ text }: { text: string }): React.JSX.Element {
  const parts = text.split(PATH);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <PathText key={i} path={p} /> : p))}</>;
}

function PathText({ path }: { path: string }): React.JSX.Element {
  const segments = path.split(/(?<=[\\/])/);
  return (
    <span className="path">
      {segments.map((s, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span>{s}</span>
        </Fragment>
      ))}
    </span>
  );
}

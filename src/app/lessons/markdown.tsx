import type { ReactNode } from 'react';

/**
 * The little markdown lesson texts use: paragraphs separated by blank lines, lists (a block whose lines start
 * with "- ", an item running on over the lines that follow it), **bold** and *italic*. Text is rendered as
 * React text (never as HTML), so a lesson cannot inject markup.
 */
export function Markdown({ text }: { text: string }) {
  const blocks = text
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return (
    <>
      {blocks.map((b, i) =>
        b.startsWith('- ') ? (
          <ul key={i}>
            {listItems(b).map((item, k) => (
              <li key={k}>{inline(item)}</li>
            ))}
          </ul>
        ) : (
          <p key={i}>{inline(joinLines(b))}</p>
        ),
      )}
    </>
  );
}

const joinLines = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** The items of a list block: each "- " line starts one, the lines after it continue it. */
function listItems(block: string): string[] {
  return block
    .split(/\n(?=\s*- )/)
    .map((item) => joinLines(item.replace(/^\s*- /, '')))
    .filter(Boolean);
}

function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/g).map((part, i) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2)
      return <em key={i}>{part.slice(1, -1)}</em>;
    return part;
  });
}

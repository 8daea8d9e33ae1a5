/** The banners under the header: the link box, what a link or a file changed, the engine's failure. */
import './Messages.css';
import { Banner, type BannerState } from '../Notices';

export interface Share {
  url: string;
  status: string;
}

export function Messages(props: {
  share: Share | null;
  onCloseShare(): void;
  banner: BannerState | null;
  onCloseBanner(): void;
  bundle: BannerState | null;
  onCloseBundle(): void;
  engineError: string | null;
}) {
  return (
    <>
      {props.share && (
        <div className="share" role="status">
          <input
            readOnly
            value={props.share.url}
            data-testid="share-url"
            aria-label="Link to this configuration"
            onFocus={(e) => e.target.select()}
          />
          <span>{props.share.status}</span>
          <button
            type="button"
            className="small"
            onClick={props.onCloseShare}
            aria-label="Close the link box"
          >
            ✕
          </button>
        </div>
      )}
      {props.banner && <Banner banner={props.banner} onClose={props.onCloseBanner} />}
      {props.bundle && <Banner banner={props.bundle} onClose={props.onCloseBundle} testId="bundle-message" />}
      {props.engineError && (
        <Banner
          banner={{ tone: 'error', title: props.engineError, items: [] }}
          onClose={() => undefined}
          testId="engine-error"
        />
      )}
    </>
  );
}

/** Copies `url` to the clipboard; the box says whether that worked. */
export async function copyToClipboard(url: string): Promise<Share> {
  try {
    await navigator.clipboard.writeText(url);
    return { url, status: 'Link copied to the clipboard.' };
  } catch {
    return { url, status: 'Copy the link from the box (the clipboard is not available here).' };
  }
}

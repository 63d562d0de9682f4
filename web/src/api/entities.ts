// The Mastodon entities the app reads, as the Graminsta API returns them (snake_case, string ids).
// Only the fields the app uses are declared; the server sends more.

export interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  locked: boolean;
  bot: boolean;
  created_at: string;
  /** HTML; render through the content renderer, never as markup. */
  note: string;
  url: string;
  avatar: string;
  avatar_static: string;
  header: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  /** Only on the caller's own account (verify_credentials, update_credentials). */
  source?: AccountSource;
}

export interface AccountSource {
  privacy: Visibility;
  sensitive: boolean;
  language: string | null;
  /** The bio as the owner typed it, plain text. */
  note: string;
  follow_requests_count: number;
}

export interface Relationship {
  id: string;
  following: boolean;
  followed_by: boolean;
  requested: boolean;
  blocking: boolean;
  blocked_by: boolean;
  muting: boolean;
}

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface ImageSize {
  width?: number;
  height?: number;
  size?: string;
  aspect?: number;
  /** Graminsta may name the URL of a variant here. */
  url?: string;
}

export interface MediaAttachment {
  id: string;
  type: 'image' | 'gifv' | 'video' | 'audio' | 'unknown';
  /** The 1080-wide feed variant; null while the photo is processing. */
  url: string | null;
  /** The preview: the photo's own shape in about 230,400 pixels, as in Mastodon. */
  preview_url: string | null;
  /**
   * `original`: the feed image; `small`: the preview; Graminsta's own, with their `url`: `medium`
   * (640 wide) and `square` (the grid thumbnail).
   */
  meta: {
    original?: ImageSize;
    small?: ImageSize;
    medium?: ImageSize;
    square?: ImageSize;
    [variant: string]: ImageSize | undefined;
  } | null;
  description: string | null;
  blurhash: string | null;
}

export interface Mention {
  id: string;
  username: string;
  url: string;
  acct: string;
}

export interface Tag {
  name: string;
  url: string;
}

export interface Status {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: Visibility;
  url: string | null;
  replies_count: number;
  favourites_count: number;
  favourited?: boolean;
  /** HTML made by the server from the author's text; render through the content renderer. */
  content: string;
  account: Account;
  media_attachments: MediaAttachment[];
  mentions: Mention[];
  tags: Tag[];
}

export interface Context {
  ancestors: Status[];
  descendants: Status[];
}

export type NotificationType =
  | 'mention'
  | 'status'
  | 'reblog'
  | 'follow'
  | 'follow_request'
  | 'favourite'
  | 'poll'
  | 'update'
  | string;

export interface Notification {
  id: string;
  type: NotificationType;
  created_at: string;
  account: Account;
  status?: Status | null;
}

export interface TagResult {
  name: string;
  url: string;
  history?: { day: string; uses: string; accounts: string }[];
}

export interface SearchResults {
  accounts: Account[];
  statuses: Status[];
  hashtags: TagResult[];
}

export interface Report {
  id: string;
  category: string;
  comment: string;
  status_ids?: string[] | null;
  target_account?: Account;
}

export interface Application {
  id?: string;
  name: string;
  client_id: string;
  client_secret: string;
}

export interface Token {
  access_token: string;
  token_type: string;
  scope: string;
  created_at: number;
}

export interface Instance {
  domain: string;
  title: string;
  description?: string;
  configuration?: {
    /** Where clients open the streaming API (`wss://host`, may differ from the API's origin). */
    urls?: { streaming?: string };
    statuses?: { max_characters?: number; max_media_attachments?: number };
    media_attachments?: { image_size_limit?: number; supported_mime_types?: string[] };
    /** Graminsta's extensions; Mastodon clients ignore them. */
    graminsta?: { direct_uploads?: boolean };
  };
  registrations?: { enabled: boolean; approval_required: boolean; message?: string | null };
}

/** Where an account last read a timeline (GET/POST /api/v1/markers), shared by all its apps. */
export interface Marker {
  last_read_id: string;
  version: number;
  updated_at: string;
}

/** What POST /api/graminsta/v1/uploads is told about a file; the bytes go to the store afterwards. */
export interface NewUpload {
  content_type: string;
  /** In bytes; the store refuses a file of any other size. */
  size: number;
  description?: string;
  /** "x,y", each from -1 to 1, as Mastodon's focal point. */
  focus?: string;
  filename?: string;
}

/** A presigned upload: the file goes to `url` with exactly these `headers`, before `expires_at`. */
export interface DirectUpload {
  id: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  expires_at: string;
}

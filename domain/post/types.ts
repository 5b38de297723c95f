// A post's vocabulary: events, commands and state (domain/post.ts decides and evolves them).
import type { CommandMetadata } from '../aggregate.js';
import type { PersistentMap, PersistentSet } from '../persistent.js';

/** vparty dynamics, friend-circle moments (002/003), heihei audio topics' subjects, voice recordings. */
export const postKinds = ['dynamic', 'moment', 'topic', 'voice'] as const;
export type PostKind = (typeof postKinds)[number];

/**
 * Who sees a post besides its author: anyone (`public`), the author's friends, only the listed
 * friends (`only`), every friend but the listed ones (`except`), nobody (`private`). Lists name
 * friends only (the service checks, since friendship is the relation streams'); friendship and
 * blocks are read when the post is read, so an ended friendship or a new block hides it at once.
 */
export const visibilityModes = ['public', 'friends', 'only', 'except', 'private'] as const;
export type VisibilityMode = (typeof visibilityModes)[number];
export type Visibility = {
  mode: VisibilityMode;
  /** The listed friends of `only` and `except`; empty otherwise. */
  userIds: string[];
};

/** Media are ids of uploads (opaque here): at most 9 images, or one video, or one voice clip. */
export type MediaRef = {
  type: 'image' | 'video' | 'voice';
  id: string;
};

export type PostLocation = {
  lat: number;
  lng: number;
  name?: string;
};

export type PostContent = {
  text: string;
  media: MediaRef[];
  location?: PostLocation;
  mentions: string[];
};

/** `none`: the app publishes at once; `pending` until an operator decides; a rejected post stays its author's. */
export type ReviewStatus = 'none' | 'pending' | 'approved' | 'rejected';

type PostRef = { postId: string; authorId: string };
export type PostPublished = {
  type: 'PostPublished';
  data: PostRef & PostContent & { kind: PostKind; visibility: Visibility; review: 'none' | 'pending'; topicId?: string };
};
/** The whole content and visibility as they are now; an edit under review goes back to `pending`. */
export type PostEdited = { type: 'PostEdited'; data: PostRef & PostContent & { visibility: Visibility; review?: 'pending' } };
export type PostDeleted = { type: 'PostDeleted'; data: PostRef & { by: string } };
export type PostApproved = { type: 'PostApproved'; data: PostRef & { operatorId: string } };
export type PostRejected = { type: 'PostRejected'; data: PostRef & { operatorId: string; reason?: string } };
export type PostLiked = { type: 'PostLiked'; data: PostRef & { userId: string; likeCount: number } };
export type PostUnliked = { type: 'PostUnliked'; data: PostRef & { userId: string; likeCount: number } };
export type CommentAdded = {
  type: 'CommentAdded';
  data: PostRef & { commentId: string; userId: string; text: string; replyTo?: { commentId: string; userId: string }; commentCount: number };
};
/** `userId` wrote it; `by` removed it (the writer or the post's author). */
export type CommentDeleted = { type: 'CommentDeleted'; data: PostRef & { commentId: string; userId: string; by: string; commentCount: number } };
export type CommentLiked = { type: 'CommentLiked'; data: PostRef & { commentId: string; commenterId: string; userId: string; likeCount: number } };
export type CommentUnliked = { type: 'CommentUnliked'; data: PostRef & { commentId: string; commenterId: string; userId: string; likeCount: number } };
export type PostListened = { type: 'PostListened'; data: PostRef & { userId: string; listenCount: number } };
export type PostEvent =
  | PostPublished
  | PostEdited
  | PostDeleted
  | PostApproved
  | PostRejected
  | PostLiked
  | PostUnliked
  | CommentAdded
  | CommentDeleted
  | CommentLiked
  | CommentUnliked
  | PostListened;

type Cmd<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
/** `review` is the app's policy, passed in by the service. */
export type PublishPost = Cmd<'PublishPost', PostContent & { postId: string; kind: PostKind; visibility: Visibility; review: boolean; topicId?: string }>;
export type EditPost = Cmd<'EditPost', PostContent & { postId: string; visibility: Visibility; review: boolean }>;
export type DeletePost = Cmd<'DeletePost', { postId: string }>;
/** The service checked the operator role. */
export type ReviewPost = Cmd<'ReviewPost', { postId: string; decision: 'approve' | 'reject'; reason?: string }>;
export type LikePost = Cmd<'LikePost', { postId: string }>;
export type UnlikePost = Cmd<'UnlikePost', { postId: string }>;
export type AddComment = Cmd<'AddComment', { postId: string; commentId: string; text: string; replyTo?: string }>;
export type DeleteComment = Cmd<'DeleteComment', { postId: string; commentId: string }>;
export type LikeComment = Cmd<'LikeComment', { postId: string; commentId: string }>;
export type UnlikeComment = Cmd<'UnlikeComment', { postId: string; commentId: string }>;
export type RecordListen = Cmd<'RecordListen', { postId: string }>;
export type PostCommand = PublishPost | EditPost | DeletePost | ReviewPost | LikePost | UnlikePost | AddComment | DeleteComment | LikeComment | UnlikeComment | RecordListen;

export interface PostComment {
  userId: string;
  deleted: boolean;
  likes: PersistentSet;
}

export interface PostFacts extends PostContent {
  postId: string;
  authorId: string;
  kind: PostKind;
  visibility: Visibility;
  review: ReviewStatus;
  topicId?: string;
  /** Likes and comments grow with a hot post: persistent, so the 10,000th like costs what the first did. */
  likes: PersistentSet;
  comments: PersistentMap<PostComment>;
  commentCount: number;
  listenCount: number;
}

/** A deleted post keeps its facts (a late gift still names it) and refuses everything else. */
export type Post = { status: 'absent' } | ({ status: 'published' | 'deleted' } & PostFacts);

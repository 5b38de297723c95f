// Posts (dynamics, moments, topics' subjects, voice posts), their likes, comments, listens and
// gifts, the timelines, and operators' review.
import { z } from 'zod';
import { errorResponses, Id, IsoTime, ListQuery, page, text } from '../common.js';
import { QueryFlag } from './social.js';

const PostParams = z.strictObject({ postId: Id });
const CommentParams = z.strictObject({ postId: Id, commentId: Id });
const Kind = z.enum(['dynamic', 'moment', 'topic', 'voice']);
const MediaType = z.enum(['image', 'video', 'voice']);
const Media = z.object({ type: MediaType, id: Id });
const Location = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), name: text({ min: 1, max: 100 }).optional() });
const VisibilityMode = z.enum(['public', 'friends', 'only', 'except', 'private']);

/** What a post says and who sees it; the same on publish and edit (an edit replaces all of it). */
const PostBody = {
  text: text({ max: 2000, multiline: true }).default(''),
  /** Upload ids: at most 9 images, or one video, or one voice clip. */
  media: z.array(z.strictObject({ type: MediaType, id: Id })).max(9).default([]),
  location: z.strictObject({ lat: Location.shape.lat, lng: Location.shape.lng, name: Location.shape.name }).optional(),
  mentions: z.array(Id).max(20).default([]),
  /** `only` and `except` name friends of yours (anyone else is AUDIENCE_NOT_FRIENDS). */
  visibility: z.strictObject({ mode: VisibilityMode, userIds: z.array(Id).max(1000).default([]) }).default({ mode: 'public', userIds: [] }),
};

export const Post = z.object({
  postId: z.string(),
  authorId: z.string(),
  author: z.object({ nickname: z.string(), avatarUrl: z.string().nullable() }),
  kind: Kind,
  text: z.string(),
  media: z.array(Media),
  location: Location.nullable(),
  mentions: z.array(z.string()),
  /** Shown to the author only. */
  visibility: z.object({ mode: VisibilityMode, userIds: z.array(z.string()) }).nullable(),
  review: z.enum(['none', 'pending', 'approved', 'rejected']),
  topicId: z.string().nullable(),
  likeCount: z.number().int(),
  commentCount: z.number().int(),
  listenCount: z.number().int(),
  giftCount: z.number().int(),
  /** Coins spent on gifts to this post. */
  giftValue: z.number().int(),
  likedByMe: z.boolean(),
  createdAt: IsoTime,
  editedAt: IsoTime.nullable(),
});

export const publishPost = {
  body: z.strictObject({ kind: Kind.default('moment'), topicId: Id.optional(), ...PostBody }),
  response: { 201: Post, ...errorResponses },
} as const;

export const editPost = { params: PostParams, body: z.strictObject(PostBody), response: { 200: Post, ...errorResponses } } as const;
export const getPost = { params: PostParams, response: { 200: Post, ...errorResponses } } as const;
export const deletePost = { params: PostParams, response: { 200: z.object({ postId: z.string(), deleted: z.literal(true) }), ...errorResponses } } as const;
export const likePost = { params: PostParams, response: { 200: z.object({ postId: z.string(), liked: z.boolean(), likeCount: z.number().int() }), ...errorResponses } } as const;
export const listenPost = { params: PostParams, response: { 200: z.object({ postId: z.string(), listenCount: z.number().int() }), ...errorResponses } } as const;

export const sendPostGift = {
  params: PostParams,
  /** `toUserId`, when given, must be the post's author (VALIDATION_FAILED otherwise; nothing is paid). */
  body: z.strictObject({ giftId: Id, count: z.number().int().min(1).max(9999), toUserId: Id.optional() }),
  response: { 201: z.object({ postId: z.string(), giftSendId: z.string(), coinsSpent: z.number().int(), coins: z.number().int(), sentAt: IsoTime }), ...errorResponses },
} as const;

const ReplyTo = z.object({ commentId: z.string(), userId: z.string() });
export const addComment = {
  params: PostParams,
  body: z.strictObject({ text: text({ min: 1, max: 500, multiline: true }).refine((v) => v.trim() !== '', 'must not be blank'), replyTo: Id.optional() }),
  response: {
    201: z.object({ postId: z.string(), commentId: z.string(), userId: z.string(), text: z.string(), replyTo: ReplyTo.nullable(), commentCount: z.number().int(), createdAt: IsoTime }),
    ...errorResponses,
  },
} as const;

export const deleteComment = {
  params: CommentParams,
  response: { 200: z.object({ postId: z.string(), commentId: z.string(), deleted: z.literal(true) }), ...errorResponses },
} as const;

export const likeComment = {
  params: CommentParams,
  response: { 200: z.object({ postId: z.string(), commentId: z.string(), liked: z.boolean(), likeCount: z.number().int() }), ...errorResponses },
} as const;

export const listComments = {
  params: PostParams,
  querystring: ListQuery,
  response: {
    200: page(
      z.object({
        commentId: z.string(),
        userId: z.string(),
        author: z.object({ nickname: z.string(), avatarUrl: z.string().nullable() }),
        text: z.string(),
        replyTo: ReplyTo.nullable(),
        likeCount: z.number().int(),
        likedByMe: z.boolean(),
        createdAt: IsoTime,
      }),
    ),
    ...errorResponses,
  },
} as const;

const TimelineQuery = ListQuery.extend({
  kind: Kind.optional(),
  mediaType: MediaType.optional(),
  /** Only posts with media (an album). */
  withMedia: QueryFlag.optional(),
  /** `YYYY-MM` (UTC): the posts of that month. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM').optional(),
  topicId: Id.optional(),
  /** Only posts whose text holds this (case-insensitive). */
  text: text({ min: 1, max: 100 }).optional(),
});
const Timeline = { 200: page(Post), ...errorResponses };

export const myPosts = { querystring: TimelineQuery, response: Timeline } as const;
export const friendsFeed = { querystring: TimelineQuery, response: Timeline } as const;
export const userPosts = { params: z.strictObject({ userId: Id }), querystring: TimelineQuery, response: Timeline } as const;
export const discoverPosts = { querystring: TimelineQuery.extend({ list: z.enum(['new', 'hot', 'followed']).default('new') }), response: Timeline } as const;

export const pendingPosts = { querystring: ListQuery, response: Timeline } as const;
export const reviewPost = {
  params: PostParams,
  body: z.strictObject({ decision: z.enum(['approve', 'reject']), reason: text({ min: 1, max: 200 }).optional() }),
  response: { 200: z.object({ postId: z.string(), review: z.enum(['approved', 'rejected']) }), ...errorResponses },
} as const;

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as c from '../../../contracts/http/posts.js';
import * as comments from '../../app/postComments.js';
import * as reads from '../../app/postReads.js';
import * as posts from '../../app/posts.js';
import type { Core } from '../../app/core.js';
import { commandOptions } from '../support.js';

export const postRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/posts', { schema: c.publishPost }, async (req, res) => res.status(201).send(await posts.publishPost(core, req.caller, req.body, commandOptions(req))));
  app.get('/posts', { schema: c.discoverPosts }, async (req) => reads.discoverPosts(core, req.caller, req.query));
  app.get('/posts/:postId', { schema: c.getPost }, async (req) => reads.getPost(core, req.caller, req.params));
  app.put('/posts/:postId', { schema: c.editPost }, async (req) => posts.editPost(core, req.caller, { ...req.body, ...req.params }, commandOptions(req)));
  app.delete('/posts/:postId', { schema: c.deletePost }, async (req) => posts.deletePost(core, req.caller, req.params, commandOptions(req)));
  app.put('/posts/:postId/like', { schema: c.likePost }, async (req) => posts.setPostLike(core, req.caller, { ...req.params, liked: true }, commandOptions(req)));
  app.delete('/posts/:postId/like', { schema: c.likePost }, async (req) => posts.setPostLike(core, req.caller, { ...req.params, liked: false }, commandOptions(req)));
  app.post('/posts/:postId/listens', { schema: c.listenPost }, async (req) => posts.recordListen(core, req.caller, req.params, commandOptions(req)));
  app.post('/posts/:postId/gifts', { schema: c.sendPostGift }, async (req, res) =>
    res.status(201).send(await posts.sendPostGift(core, req.caller, { ...req.body, ...req.params }, commandOptions(req))),
  );
  app.get('/posts/:postId/comments', { schema: c.listComments }, async (req) => comments.listComments(core, req.caller, { ...req.query, ...req.params }));
  app.post('/posts/:postId/comments', { schema: c.addComment }, async (req, res) =>
    res.status(201).send(await comments.addComment(core, req.caller, { ...req.body, ...req.params }, commandOptions(req))),
  );
  app.delete('/posts/:postId/comments/:commentId', { schema: c.deleteComment }, async (req) => comments.deleteComment(core, req.caller, req.params, commandOptions(req)));
  app.put('/posts/:postId/comments/:commentId/like', { schema: c.likeComment }, async (req) =>
    comments.setCommentLike(core, req.caller, { ...req.params, liked: true }, commandOptions(req)),
  );
  app.delete('/posts/:postId/comments/:commentId/like', { schema: c.likeComment }, async (req) =>
    comments.setCommentLike(core, req.caller, { ...req.params, liked: false }, commandOptions(req)),
  );
  app.get('/feed', { schema: c.friendsFeed }, async (req) => reads.friendsFeed(core, req.caller, req.query));
  app.get('/me/posts', { schema: c.myPosts }, async (req) => reads.myPosts(core, req.caller, req.query));
  app.get('/users/:userId/posts', { schema: c.userPosts }, async (req) => reads.userPosts(core, req.caller, { ...req.query, ...req.params }));
  app.get('/admin/posts/pending', { schema: c.pendingPosts }, async (req) => reads.pendingPosts(core, req.caller, req.query));
  app.post('/admin/posts/:postId/review', { schema: c.reviewPost }, async (req) => posts.reviewPost(core, req.caller, { ...req.body, ...req.params }, commandOptions(req)));
};

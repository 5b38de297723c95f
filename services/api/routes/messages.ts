import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as c from '../../../contracts/http/messages.js';
import type { Core } from '../../app/core.js';
import * as conversations from '../../app/conversations.js';
import * as inbox from '../../app/inbox.js';
import { addContentFavorite } from '../../app/contentFavorites.js';
import { locateMessage } from '../../app/messageLogIds.js';
import { commandOptions } from '../support.js';

export const messageRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/conversations/:id/messages', { schema: c.sendMessage }, async (req, res) =>
    res.status(201).send(await conversations.sendMessage(core, req.caller, { conversationId: req.params.id, ...req.body }, commandOptions(req))),
  );
  app.get('/conversations/:id/messages', { schema: c.listMessages, config: { guests: true } }, async (req) => conversations.history(core, req.caller, { conversationId: req.params.id, ...req.query }));
  app.get('/messages/by-log-id/:logId', { schema: c.getMessageByLogId, config: { guests: true } }, async (req) => locateMessage(core, req.caller, { logId: req.params.logId }));
  app.post('/conversations/:id/messages/:seq/recall', { schema: c.recallMessage }, async (req) =>
    conversations.recallMessage(core, req.caller, { conversationId: req.params.id, seq: req.params.seq }, commandOptions(req)),
  );
  app.delete('/conversations/:id/messages/:seq', { schema: c.deleteMessage }, async (req) =>
    conversations.deleteMessage(core, req.caller, { conversationId: req.params.id, seq: req.params.seq }, commandOptions(req)),
  );
  app.post('/conversations/:id/messages/:seq/hide', { schema: c.hideMessage }, async (req) =>
    inbox.hideMessageForMe(core, req.caller, { conversationId: req.params.id, seq: req.params.seq }, commandOptions(req)),
  );
  app.post('/conversations/:id/read', { schema: c.markRead }, async (req) => inbox.markRead(core, req.caller, { conversationId: req.params.id, seq: req.body.seq }, commandOptions(req)));
  app.get('/conversations', { schema: c.listConversations }, async (req) => inbox.listConversations(core, req.caller, req.query));
  app.get('/conversations/unread', { schema: c.getUnread }, async (req) => inbox.unread(core, req.caller));
  app.get('/conversations/:id', { schema: c.getConversation }, async (req) => inbox.getConversation(core, req.caller, { conversationId: req.params.id }));
  app.patch('/conversations/:id', { schema: c.changeConversation }, async (req) =>
    inbox.changeConversation(core, req.caller, { conversationId: req.params.id, ...req.body }, commandOptions(req)),
  );
  app.post('/reminders', { schema: c.scheduleReminder }, async (req, res) => res.status(201).send(await inbox.scheduleReminder(core, req.caller, req.body, commandOptions(req))));
  app.get('/reminders', { schema: c.listReminders }, async (req) => inbox.listReminders(core, req.caller));
  app.delete('/reminders/:id', { schema: c.cancelReminder }, async (req) => inbox.cancelReminder(core, req.caller, { reminderId: req.params.id }, commandOptions(req)));
  app.post('/favorites', { schema: c.addFavorite }, async (req, res) => res.status(201).send(await inbox.addFavorite(core, req.caller, req.body, commandOptions(req))));
  app.post('/favorites/content', { schema: c.addContentFavorite }, async (req, res) => res.status(201).send(await addContentFavorite(core, req.caller, req.body, commandOptions(req))));
  app.get('/favorites', { schema: c.listFavorites }, async (req) => inbox.listFavorites(core, req.caller, req.query));
  app.delete('/favorites/:id', { schema: c.removeFavorite }, async (req) => inbox.removeFavorite(core, req.caller, { favoriteId: req.params.id }, commandOptions(req)));
};

// APP_POLICIES overrides some apps' rules, field by field, and leaves the rest at their defaults.
import t from 'tap';
import { defaultPolicies, policiesFrom } from '../../../services/app/policies.js';

t.test('given no overrides, when read, then the defaults', async (t) => {
  t.same(policiesFrom(undefined), defaultPolicies);
});

t.test('given an override of one field of one app, when read, then only that field of that app changes', async (t) => {
  const p = policiesFrom(JSON.stringify({ 'chat-platform': { guests: false } }));
  t.same(p['chat-platform'], { ...defaultPolicies['chat-platform'], guests: false });
  t.same(p.core, defaultPolicies.core, 'apps not named keep their defaults');
  t.same(policiesFrom(JSON.stringify({ core: { guests: true } })).core, { ...defaultPolicies.core, guests: true });
});

t.test('given an unknown app or field, when read, then it is refused', async (t) => {
  t.throws(() => policiesFrom(JSON.stringify({ nowhere: { guests: true } })));
  t.throws(() => policiesFrom(JSON.stringify({ core: { guest: true } })));
});

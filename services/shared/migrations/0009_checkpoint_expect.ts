// consumer_checkpoint_expect: lets a projector that remembers its own checkpoint send a whole
// batch (the check, every write, the new checkpoint and the commit) in one round trip. If the
// checkpoint is not where it remembers it (another instance moved it), the check raises SQLSTATE
// MR001, the rest of the batch does not run, and the projector reads the checkpoint again.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create function consumer_checkpoint_expect(p_name text, p_partition text, p_position bigint) returns void
    language plpgsql as $$
    begin
      if coalesce((select position from consumer_checkpoints where name = p_name and partition = p_partition), 0) <> p_position then
        raise exception 'checkpoint % (%) is not at %', p_name, p_partition, p_position using errcode = 'MR001';
      end if;
    end;
    $$
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop function consumer_checkpoint_expect(text, text, bigint)');
};

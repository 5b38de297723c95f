// consumer_checkpoint_expect: lets a projector that remembers its own checkpoints send a whole
// batch (the check, every write, the new checkpoints and the commit) in one round trip. If a
// checkpoint is not where it remembers it (another instance or a rebuild moved it), the check
// raises SQLSTATE MR001, the rest of the batch does not run, and the projector reads them again.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create function consumer_checkpoint_expect(p_names text[], p_partition text, p_positions bigint[]) returns void
    language plpgsql as $$
    begin
      if exists (
        select 1 from unnest(p_names, p_positions) as e(name, position)
          left join consumer_checkpoints c on c.name = e.name and c.partition = p_partition
         where coalesce(c.position, 0) <> e.position
      ) then
        raise exception 'checkpoints % (%) are not at %', p_names, p_partition, p_positions using errcode = 'MR001';
      end if;
    end;
    $$
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop function consumer_checkpoint_expect(text[], text, bigint[])');
};

import { DataSource } from 'typeorm';
import { typeormOptions } from '@/database/typeorm-options';
import { BreachedOffice1795832600000 } from '../migrations/1795832600000-BreachedOffice';
async function main() {
  const ds = new DataSource(typeormOptions(process.env.DATABASE_URL!));
  await ds.initialize();
  const r = ds.createQueryRunner();
  const m = new BreachedOffice1795832600000();
  if (process.argv[2] === 'down') { await m.down(r); console.log('down'); }
  else { const t0 = Date.now(); await m.up(r); console.log('up', Date.now() - t0, 'ms'); }
  await r.release(); await ds.destroy();
}
main();

import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** created_at / updated_at as every table has them. */
export abstract class Timestamped {
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { ValidationFailedError } from './domain-error';
import { InputHygienePipe, MAX_DEPTH } from './input-hygiene.pipe';

describe('InputHygienePipe', () => {
  const pipe = new InputHygienePipe();
  const fieldsOf = (run: () => unknown): string[] => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailedError);
      return ((error as ValidationFailedError).options.errors ?? []).map((f) => f.field);
    }
    throw new Error('expected a validation error');
  };

  it('refuses JSON nested deeper than MAX_DEPTH levels, naming where, and takes it up to that depth', () => {
    const nest = (levels: number): unknown => {
      let value: unknown = 'x';
      for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
      return value;
    };
    // Thousands of levels: what overflowed the stack further on.
    const [field] = fieldsOf(() => pipe.transform({ website: nest(5000) }, { type: 'body' }));
    expect(field).toMatch(new RegExp(`^website(\\.(a|0)){${MAX_DEPTH - 1}}$`));
    expect(pipe.transform({ website: nest(MAX_DEPTH - 1) }, { type: 'body' })).toBeDefined();
    expect(fieldsOf(() => pipe.transform({ website: nest(MAX_DEPTH) }, { type: 'body' }))).toHaveLength(1);
  });

  it('names the query field that holds a NUL or an unpaired surrogate', () => {
    expect(fieldsOf(() => pipe.transform({ q: 'a\u0000b', page: '1', to: '\ud800' }, { type: 'query' }))).toEqual([
      'q',
      'to',
    ]);
  });

  it('names a single query value or path parameter by its name', () => {
    expect(fieldsOf(() => pipe.transform('x\u0000', { type: 'query', data: 'lang' }))).toEqual(['lang']);
    expect(fieldsOf(() => pipe.transform('\udc00', { type: 'param', data: 'id' }))).toEqual(['id']);
  });

  it('refuses keys named like Object.prototype members in queries as in bodies', () => {
    expect(fieldsOf(() => pipe.transform({ constructor: '1' }, { type: 'query' }))).toEqual(['constructor']);
    expect(fieldsOf(() => pipe.transform({ a: { toString: 'x' } }, { type: 'body' }))).toEqual(['a.toString']);
  });

  it('refuses "prototype" as a key too', () => {
    expect(fieldsOf(() => pipe.transform({ a: { prototype: {} } }, { type: 'body' }))).toEqual(['a.prototype']);
  });

  it('refuses a key holding a NUL or an unpaired surrogate, naming the object that has it', () => {
    expect(fieldsOf(() => pipe.transform({ contact: { 'na\u0000me': 'x' } }, { type: 'body' }))).toEqual(['contact']);
    expect(fieldsOf(() => pipe.transform({ '\ud800': 'x' }, { type: 'body' }))).toEqual(['body']);
    // a query string's own bad key names the query, not a body it does not have
    expect(fieldsOf(() => pipe.transform({ '\ud800': 'x' }, { type: 'query' }))).toEqual(['query']);
  });

  it('passes clean input, any other Unicode included, and leaves custom parameters alone', () => {
    const query = { q: 'Шанхай 上海 😀', page: '2' };
    expect(pipe.transform(query, { type: 'query' })).toBe(query);
    expect(pipe.transform('\u0000', { type: 'custom' })).toBe('\u0000');
  });
});

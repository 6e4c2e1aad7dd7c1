import { maskPersonName, maskPhone, maskResidentId } from './masking';

describe('masking', () => {
  it('keeps the first and last four characters of a resident ID', () => {
    expect(maskResidentId('110101199003071234')).toBe('1101**********1234');
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
  });

  it('masks the middle four digits of a mobile number, dropping +86 and separators', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
  });

  it('never returns a short value unmasked', () => {
    expect(maskPhone('1234')).toBe('****');
    expect(maskResidentId('1234567')).toBe('*******');
  });

  it('keeps only the family name of a person', () => {
    expect(maskPersonName('张三丰')).toBe('张**');
    expect(maskPersonName('李四')).toBe('李*');
    expect(maskPersonName('王')).toBe('*');
  });
});

import { safeNext } from '../../web/src/links';

const ORIGIN = 'https://clicker.example';

describe('safeNext: where sign-in may lead', () => {
  it.each([
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\r/evil.example'],
    ['//evil.example'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['https://evil.example'],
    ['javascript:alert(1)'],
    ['/clicks.html\u0000'],
    ['/ /evil.example'],
    ['/\u007f/evil.example'],
    ['evil.example'],
    [''],
  ])('refuses %j', (value) => {
    expect(safeNext(value, ORIGIN)).toBeNull();
  });

  it('refuses nothing at all', () => {
    expect(safeNext(null, ORIGIN)).toBeNull();
  });

  it.each([
    ['/parks.html', '/parks.html'],
    ['/park.html?park=denali#reviews', '/park.html?park=denali#reviews'],
    ['/dashboard', '/dashboard'],
    ['/a/../clicks.html', '/clicks.html'],
  ])('follows the same-origin path %j', (value, expected) => {
    expect(safeNext(value, ORIGIN)).toBe(expected);
  });
});

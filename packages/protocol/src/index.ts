export const hello = (): string => 'protocol';

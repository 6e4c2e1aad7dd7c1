/**
 * Archive packages (归档, 第二十四条): a sealed document with its seal data, certificates, CRL
 * snapshot, evidence, time-stamp tokens and verification report in one signed XML package after
 * DA/T 48, checked for the four properties (真实性, 完整性, 可用性, 安全性).
 */
export * from './model';
export * from './manifest';
export * from './metadata';
export * from './write-package';
export * from './read-package';
export * from './check-package';
export * from './create-package';

/**
 * How much one process may ask of the record store at once. FerretDB v1 (our embedded store) gives
 * each statement of a write command its own SQLite connection and keeps it until the whole command
 * ends; it has 100 of them for the whole server. A command of 100 statements (a bulkWrite of 100
 * updates), or a few big commands side by side, holds them all while waiting for one more: FerretDB
 * deadlocks for good, and every restart deadlocks again on the same backlog. So the worst case of
 * one process, every pooled connection carrying one command of the largest size at once, must stay
 * well under 100, leaving room for a second process (the `seal` CLI beside a running service):
 *
 *   MONGO_POOL_SIZE x MAX_STATEMENTS_PER_WRITE = 8 x 5 = 40 of FerretDB's 100 connections.
 *
 * An insert is one statement however many documents it carries, and so is an updateMany or a
 * deleteMany with one filter. The service sends no command of several statements today (the anchor
 * proofs are one insert); a new bulkWrite must be cut into commands of MAX_STATEMENTS_PER_WRITE.
 * MongoDB has no such limit and a pool of 8 serves it as well (a signing makes a handful of round trips).
 */
export const FERRETDB_SQLITE_CONNECTIONS = 100;
export const MONGO_POOL_SIZE = 8;
export const MAX_STATEMENTS_PER_WRITE = 5;

#ifndef ROLLBOOK_SUPPORT_H
#define ROLLBOOK_SUPPORT_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. ENOSYS or EINVAL where unsupported).
int rollbook_exchange_paths(const char *a, const char *b);

#endif

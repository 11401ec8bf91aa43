/*
 * banned.h: functions that make buffer overflows or hidden global state too
 * easy. Using one is a compile error; use strbuf, snprintf or the cursor
 * parsers instead.
 */
#ifndef TARE_BANNED_H
#define TARE_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_tare

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)

#endif

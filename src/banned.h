/*
 * banned.h - functions that are easy to misuse.  Each name becomes a
 * call to an undeclared function, so the build fails where it is used.
 */
#ifndef VIGIL_BANNED_H
#define VIGIL_BANNED_H

#define VIGIL_BANNED(func) sorry_##func##_is_banned

#undef strcpy
#define strcpy(x, y) VIGIL_BANNED(strcpy)
#undef strcat
#define strcat(x, y) VIGIL_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) VIGIL_BANNED(strncpy)
#undef strtok
#define strtok(x, y) VIGIL_BANNED(strtok)
#undef atoi
#define atoi(x) VIGIL_BANNED(atoi)
#undef gmtime
#define gmtime(t) VIGIL_BANNED(gmtime)
#undef localtime
#define localtime(t) VIGIL_BANNED(localtime)
#undef sprintf
#define sprintf(...) VIGIL_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) VIGIL_BANNED(vsprintf)

#endif

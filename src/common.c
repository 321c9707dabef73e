/* husk - helpers shared by the commands that act on an existing container. */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <string.h>
#include <unistd.h>

#include "../libcontainer/util/util.h"
#include "cli.h"

char *
husk_user_name (uid_t uid)
{
  cleanup_fclose FILE *f = fopen ("/etc/passwd", "re");
  char line[1024];
  while (f && fgets (line, sizeof line, f))
    {
      char *name = line, *c1 = strchr (line, ':');
      char *c2 = c1 ? strchr (c1 + 1, ':') : NULL;
      if (c2 == NULL)
        continue;
      *c1 = '\0';
      char *end = NULL;
      unsigned long id = strtoul (c2 + 1, &end, 10);
      if (end != c2 + 1 && *end == ':' && id == uid)
        return xstrdup (name);
    }
  return xasprintf ("#%u", (unsigned) uid);
}

/* Copy what is readable on from to to; false at EOF or error. */
static bool
pump (int from, int to)
{
  char buf[8192];
  ssize_t n = read (from, buf, sizeof buf);
  if (n <= 0)
    return false;
  return lc_write_all (to, buf, (size_t) n) == 0;
}

/* Until the container's init exits: forward signals to it, and with a
   terminal copy our stdin to the pty and the pty to our stdout (the window
   size follows ours).  Its exit status becomes ours: 128+N when killed by
   signal N, as a shell reports it. */
int
husk_wait_process (pid_t pid, int master)
{
  sigset_t all;
  sigfillset (&all);
  sigprocmask (SIG_BLOCK, &all, NULL);
  struct termios saved;
  bool raw = master >= 0 && isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  if (raw)
    {
      struct termios t = saved;
      cfmakeraw (&t);
      tcsetattr (STDIN_FILENO, TCSANOW, &t);
    }
  int sfd = signalfd (-1, &all, SFD_CLOEXEC);
  bool in_open = master >= 0;
  if (master >= 0 && isatty (STDIN_FILENO))
    {
      struct winsize ws;
      if (ioctl (STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
        ioctl (master, TIOCSWINSZ, &ws);
    }
  for (;;)
    {
      int status;
      pid_t r = waitpid (pid, &status, WNOHANG);
      if (r == pid)
        {
          /* Drain what the container wrote before it exited. */
          while (master >= 0 && poll (&(struct pollfd){ .fd = master, .events = POLLIN }, 1, 0) > 0
                 && pump (master, STDOUT_FILENO))
            ;
          close (sfd);
          if (raw)
            tcsetattr (STDIN_FILENO, TCSANOW, &saved);
          return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
        }
      if (r < 0)
        return 255;
      struct pollfd p[3] = { { .fd = sfd, .events = POLLIN },
                             { .fd = master, .events = POLLIN },
                             { .fd = in_open ? STDIN_FILENO : -1, .events = POLLIN } };
      if (poll (p, 3, -1) < 0)
        continue;
      if (p[0].revents & POLLIN)
        {
          struct signalfd_siginfo si;
          if (read (sfd, &si, sizeof si) == (ssize_t) sizeof si && si.ssi_signo != SIGCHLD)
            {
              struct winsize ws;
              if (si.ssi_signo == SIGWINCH && master >= 0 && ioctl (STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
                ioctl (master, TIOCSWINSZ, &ws);
              else
                kill (pid, (int) si.ssi_signo);
            }
        }
      if (master >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) && !pump (master, STDOUT_FILENO))
        master = -1; /* the pty is gone: the process is exiting */
      if (in_open && (p[2].revents & (POLLIN | POLLHUP | POLLERR)) && (master < 0 || !pump (STDIN_FILENO, master)))
        in_open = false;
    }
}


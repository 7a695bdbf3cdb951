"""The window's dialogs: progress, names, shortcuts, guidelines, About, the picker, and
import, export and merge."""

# MP_ADD_CFLAGS(VARIABLE, FLAGS)
# Appends to VARIABLE each of FLAGS that the C compiler accepts, so that a
# compiler without one warning still builds the project.
AC_DEFUN([MP_ADD_CFLAGS], [
	for mp_flag in $2; do
		AC_MSG_CHECKING([whether $CC accepts $mp_flag])
		mp_save_CFLAGS=$CFLAGS
		CFLAGS="$CFLAGS -Werror $mp_flag"
		AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
			[AC_MSG_RESULT([yes]); $1="$$1 $mp_flag"],
			[AC_MSG_RESULT([no])])
		CFLAGS=$mp_save_CFLAGS
	done
])

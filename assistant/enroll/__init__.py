"""Teaching BackTalk one person's voice: which answers to record (:mod:`.phrases`), the
checks every take must pass (:mod:`.checks`), the guided spoken session
(:mod:`.spoken`, its words in :mod:`.words`) and recordings made elsewhere
(:mod:`.imported`). The takes are kept by :class:`assistant.setup.enrollment.EnrollmentStore`.
"""

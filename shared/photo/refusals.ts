// Why a photo cannot become a standard photo, in words for the student (zh) and the logs (en).
// A refusal is always better than a photo outside the standard.

export const REFUSALS = {
  not_an_image: { zh: '这不是一张照片文件，请重新拍摄。', en: 'The file is not a JPEG, PNG or WebP image.' },
  corrupt_image: { zh: '照片文件已损坏，请重新拍摄。', en: 'The image file is damaged or truncated.' },
  image_too_small: { zh: '照片太小，请重新拍摄。', en: 'The image is too small to hold a portrait.' },
  no_face: { zh: '没有找到人脸，请正对镜头坐好。', en: 'No face was found in the photo.' },
  multiple_faces: { zh: '画面里有多个人，请确保只有您一人入镜。', en: 'More than one person is in the photo.' },
  head_tilted: { zh: '头部有些倾斜，请把头摆正。', en: 'The head is tilted beyond ±3°; the photo may not be rotated.' },
  head_cut_off: { zh: '头顶超出画面，请坐低一点或调整位置。', en: 'The top of the hair is cut off by the frame.' },
  hair_too_high: { zh: '发型过高，请把头发放低（如盘发请放下）。', en: 'Hair piled too high: head top and face size cannot both fit.' },
  frame_too_short: { zh: '画面没有拍到胸部，请坐高一点或离镜头远一点。', en: 'The frame ends above the chest; nothing may be added below the subject.' },
  face_too_small: { zh: '离镜头太远了，请靠近一些。', en: 'The face is too small to enlarge to the standard size.' },
  background_left: { zh: '背景未能完全去除，请站到背景布前重拍。', en: 'Part of the original background could not be removed; please sit in front of the backdrop and retake.' },
} as const;

/**
 * What to try instead, for the refusals the live guide foresees (shared/photo/framingForecast.ts),
 * once one of them has held a student for a while: a shutter would only bring the refusal.
 */
export const RETRY_ADVICE = {
  no_face: { zh: '请坐到椅子上，正对屏幕上方的镜头，让脸出现在椭圆框内。', en: 'Sit on the chair facing the camera above the screen, your face inside the oval.' },
  multiple_faces: { zh: '请其他人走出镜头范围，画面里只留您一人。', en: 'Ask anyone else to step out of view: only you may be in the picture.' },
  head_tilted: { zh: '请先坐直、双肩放平，再把头轻轻摆正，让双眼保持水平。', en: 'Sit up straight with level shoulders, then straighten your head so your eyes are level.' },
  head_cut_off: { zh: '请把座椅调低一些，或身体稍微往后靠。', en: 'Lower the seat or lean back a little.' },
  hair_too_high: { zh: '盘发或发髻太高，照片放不下：请把头发放下来后再拍。', en: 'A bun or updo this high cannot fit the photo: please let your hair down and try again.' },
  frame_too_short: { zh: '请把座椅调高一些，或往后坐一点。', en: 'Raise the seat or sit further back.' },
  face_too_small: { zh: '请把座椅往前挪，坐到离镜头约一臂远的位置。', en: 'Move the seat forward, to about an arm\'s length from the camera.' },
} as const satisfies Partial<Record<keyof typeof REFUSALS, { zh: string; en: string }>>;

export type RefusalReason = keyof typeof REFUSALS;

export interface Refusal {
  reason: RefusalReason;
  message_zh: string;
  message_en: string;
  /** what was measured, for operators and logs */
  detail?: string;
}

export function refusal(reason: RefusalReason, detail?: string): Refusal {
  const text = REFUSALS[reason];
  return { reason, message_zh: text.zh, message_en: detail ? `${text.en} (${detail})` : text.en, ...(detail ? { detail } : {}) };
}
